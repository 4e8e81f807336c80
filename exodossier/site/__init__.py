"""The guideline site: catalog and graph in, pages (ready HTML behind front matter) and downloads out.

`pages` renders every generated page as a pure function (no mkdocs import), `plugin` is the thin
mkdocs adapter, `escape` and `svg` keep YAML text inert and draw the diagrams, `exports` writes
the catalog downloads, `assets` holds the stylesheet.
"""

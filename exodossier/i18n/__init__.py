"""The interface languages: message catalogs for every fixed string a reader sees.

Each view subpackage has its own gettext domain named after it (`gap`, `site`, ...), kept as
`locale/ja/LC_MESSAGES/<domain>.po`, so a translator edits a `.po` file and never Python.
English is the source language; Japanese is the second edition.
"""

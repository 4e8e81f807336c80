"""One module per page kind; `exodossier.site.render` puts them together."""

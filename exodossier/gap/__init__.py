"""The sponsor's gap analysis: a product profile against the catalog.

`profile` loads and checks the profile, `applicability` and `scoring` decide what applies and how
ready it is, `analysis` puts them together, `record` and `compare` keep and compare the JSON
record, `export` writes CSV/Markdown/JSON, and `report` writes the Word document.
"""

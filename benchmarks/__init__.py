"""Performance benchmark: synthetic catalogs and the `make bench` runner (see run.py)."""

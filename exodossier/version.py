"""The package version, in one place: pyproject reads it, and every output that names the tool prints it."""

__version__ = "0.1.0"

"""`python -m exodossier` runs the CLI."""

from exodossier.cli import main

main()

"""`python -m exodossier` runs the CLI."""

from exodossier.cli.main import main

main()

"""``python -m textmine.cli``."""

from textmine.cli import main

main()

"""``python -m befund`` runs the befund command."""

from .cli import main

main()

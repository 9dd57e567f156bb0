"""``python -m befund`` runs the befund command."""

from .cli import main

if __name__ == "__main__":  # language builds start worker processes, which import this module too
    main()

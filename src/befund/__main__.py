"""``python -m befund`` runs the befund command."""

from .cli import run

if __name__ == "__main__":  # language builds start worker processes, which import this module too
    run()

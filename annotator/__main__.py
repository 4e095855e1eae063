"""``python -m annotator`` runs the command line."""

from .cli import main

main()

"""`python -m timeline` runs the touchpoints command."""

from timeline.cli import main

main()

"""`python -m bot` runs the zhengban command line."""

from bot.cli import main

main()

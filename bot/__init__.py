"""Composition root: settings, database, CLI, channels and chat flows."""

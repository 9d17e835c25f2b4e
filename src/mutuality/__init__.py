"""Mutuality: documenting and analysing mutual learning in city-to-city partnerships."""

__version__ = "0.2.0"

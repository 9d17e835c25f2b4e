"""Respondents' privacy: consent, pseudonymised exports, subject access and erasure."""

"""Accounts: organisations, who is on which side of which partnership in what role, and what that allows."""

"""The privacy pages: consent and names to hide, and the codings download they govern."""

"""The history pages: who changed what, and when, for those allowed to see it."""

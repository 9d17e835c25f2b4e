"""Who created or changed what, and when: one append-only log of every record's changes."""

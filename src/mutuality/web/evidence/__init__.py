"""The evidence pages: sources, coding, codes, passages, search, memos and their analysis."""

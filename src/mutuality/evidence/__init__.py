"""Evidence: sources (transcripts, notes, documents), respondents, the codebook, codings and memos."""

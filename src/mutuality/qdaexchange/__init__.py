"""REFI-QDA exchange: projects (.qdpx) and codebooks (.qdc) in and out (docs/refi-qda.md)."""

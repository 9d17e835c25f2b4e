"""Two-sided self-assessment of a partnership: both sides rate how mutual their learning is, each in
its own language, round after round (issue 19; docs/self-assessment.md)."""

"""Signals the evidence sends for changes Django's own signals do not see.

A merge of codes moves thousands of codings with one ``QuerySet.update``, which sends no
``post_save``. The history must still record each moved row, yet the evidence sits below the
history in the layers (ARCHITECTURE.md) and may not call it: it announces the rows instead, and
the history, which listens, writes the entries.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``entries``: a list of ``(instance, action, changes)``, one per row changed by an
# update, as a ``save`` of each would have recorded it (``changes`` maps attnames to
# ``[before, after]``).
rows_updated = Signal()

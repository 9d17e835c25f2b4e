"""Signals the evidence sends for changes Django's own signals do not see.

A merge of codes moves thousands of codings with one ``QuerySet.update``, and a load writes new
codings many to a statement (``evidence.bulk``); neither sends ``post_save``. The history must
still record each row, yet the evidence sits below the history in the layers (ARCHITECTURE.md) and
may not call it: it announces the rows instead, and the history (and the coding assistant), which
listen, write the entries.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``entries``: a list of ``(instance, action, changes)``, one per row added or changed
# in bulk, as a ``save`` of each would have recorded it (``changes`` maps attnames to
# ``[before, after]``).
rows_updated = Signal()

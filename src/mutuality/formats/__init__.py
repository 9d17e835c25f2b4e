"""Data in and out, one module per format, behind one guard for what users upload.

Each record kind's fields are defined once, in ``fields`` (the model plus the data format's
``schema``, with what each place — form, API, analysis, sheet — leaves out and why).
The Mutuality data format (``data_load``, ``data_export``, ``evidence_data``, read by ``records``
with the fields of ``schema`` and the parsers of ``values``), spreadsheets (``spreadsheets``,
``sheetfiles``), codings as CSV (``codings_csv``), source documents (``source_files``, ``extract``),
REFI-QDA projects (``refi_qda``), the change history (``history_log``) and whole backups
(``backup``). Every archive and XML document a user hands in is opened through ``guard``. Files
uploaded on the web are imported by the task worker (``tasks``), with the same importers.
"""

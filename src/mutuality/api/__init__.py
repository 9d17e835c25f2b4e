"""The JSON REST API (``/api/v1/``): the structured data read and written, the evidence read.

Every endpoint asks :class:`mutuality.accounts.access.Access`, as the web pages
do; see ``docs/api.md``.
"""

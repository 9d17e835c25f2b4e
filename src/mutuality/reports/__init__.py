"""Reports: one partnership or a whole programme, as a web page, a self-contained HTML file, Markdown or PDF.

``data`` reads the database into an analysis dataset, ``content`` turns the
analyses into sections (``blocks``: paragraphs, facts, tables, charts,
numbered passages, findings), ``charts`` draws the charts as SVG, and
``render`` writes the sections out in each format. Views and the
``mutuality report`` command only call these.
"""

"""Reports: one partnership or a whole programme, as a web page, a self-contained HTML file, Markdown or PDF.

``data`` reads the database into an analysis dataset; ``partnership_sections`` and
``programme_sections`` turn the analyses into sections (``blocks``: paragraphs, facts, tables,
charts, numbered passages, findings), sharing ``table_8_1`` (the dimensions of mutual learning),
``labels`` (the words and numbers shown), ``passages`` (the numbered evidence) and
``section_charts`` (the charts with their words); ``charts`` draws the charts as SVG, and
``render`` writes the sections out in each format. Views and the ``mutuality report`` command only
call these.
"""

"""Analysis of the evidence: pure functions over plain data.

Nothing in this package imports Django, its ORM or the web layer, and nothing
here needs a configured project or a database. Callers (views, the CLI,
notebooks, tests) turn model rows into the plain records these functions take,
so every statistic can be checked by hand on a few lines of data and reused
outside the application.
"""

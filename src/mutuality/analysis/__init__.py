"""Analysis of the evidence: pure functions over plain data.

Nothing in this package imports Django, its ORM or the web layer, and nothing
here needs a configured project or a database. Callers (views, the CLI,
notebooks, tests) turn model rows into the plain records these functions take,
so every statistic can be checked by hand on a few lines of data and reused
outside the application.

The analyses of the framework (docs/analysis.md) read one
:class:`~mutuality.analysis.dataset.Dataset`, built from the data format
(``export_document()``) and, optionally, the evidence:

* ``dataset`` — frozen records of partnerships, sides, actors, projects,
  objectives, exchanges, learning outcomes, resources and flattened codings;
* ``dimensions`` — Table 8.1: each dimension's level per context, with the
  evidence and any contradiction;
* ``learning`` — learning by side or country; ``mutuality`` — flows by
  direction and the balance measure; ``resources`` — what each side brings;
  ``continuity`` — exchanges over time; ``governance`` — network model and
  actor network; ``perspectives`` — both sides' views compared;
  ``diagnostics`` — rules that trigger the recommendations of ch. 10;
* ``frames`` — every result as a pandas DataFrame (the only module that
  imports pandas).

Over the texts of the evidence, not the dataset: ``folding`` — texts folded
for search (case, accents, Arabic vowel marks) with the way back to their
offsets; ``words`` — word frequencies and keyword in context.
"""

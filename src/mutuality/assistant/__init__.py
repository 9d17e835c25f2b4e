"""The coding assistant (issue 18): the codings read as it learns from them, and its models kept.

The learning and the proposing are pure functions in :mod:`mutuality.analysis.suggestions`; this
package reads the database into their plain records (:mod:`.store`) and keeps a trained model in
the data folder, trained again when what it learns from has changed.
"""

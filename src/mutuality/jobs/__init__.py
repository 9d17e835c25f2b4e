"""Work asked for on the web and done by the task worker: its record, its progress and its files.

A long report (``mutuality.reports.tasks``) and an uploaded file imported in the background
(``mutuality.formats.tasks``) are both jobs: asked for by one user, waiting, running with a stage
and a share of the work done, then done or failed with a message in that user's words. What they
share lies here, below both (the layers let reports and formats import it, not each other): the
job's fields (:class:`~mutuality.jobs.models.Job`), the uploads waiting to be imported
(:class:`~mutuality.jobs.models.ImportJob`), and how a job is claimed, failed, logged and its
files written (:mod:`~mutuality.jobs.work`). The pages stay with their entry points.
"""

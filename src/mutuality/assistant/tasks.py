"""The coding assistant's models trained again in the background, when the codings change.

:func:`mutuality.assistant.scopes.request_retraining` queues :func:`retrain_model` once per kept
model (a model waiting for its retraining is not queued again), after the change commits; the task
worker (``mutuality worker``, or the one ``mutuality serve`` starts) trains it if what it learns
from has changed. A page meanwhile proposes with the model kept. The log names the model's key and
what was done, never a passage.
"""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def retrain_model(key: str) -> str:
    """Train the kept model ``key`` again if its codings changed; returns what was done."""
    from mutuality.assistant.scopes import retrain  # the learning, loaded in the worker only

    done = retrain(key)
    logger.info("Assistant model %s: %s", key, done)
    return done

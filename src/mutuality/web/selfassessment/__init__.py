"""The self-assessment's pages: a partnership's rounds, each side's links and the results for its
officers (``views.py``), and the questionnaire a respondent opens through a link, without an account
(``respond.py``)."""

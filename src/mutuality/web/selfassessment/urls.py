from django.urls import path

from mutuality.web.lazy import LazyPages

respond = LazyPages("mutuality.web.selfassessment.respond")
views = LazyPages("mutuality.web.selfassessment.views")
views_instruments = LazyPages("mutuality.web.selfassessment.views_instruments")

urlpatterns = [
    path("partnerships/<slug:key>/self-assessment/", views.rounds, name="assessment-rounds"),
    path("partnerships/<slug:key>/self-assessment/<id:round>/", views.results, name="assessment-round"),
    path("partnerships/<slug:key>/self-assessment/<id:round>/links/", views.links, name="assessment-links"),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/links/new/",
        views.link_new,
        name="assessment-link-new",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/links/<id:link>/email/",
        views.link_email,
        name="assessment-link-email",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/links/<id:link>/revoke/",
        views.link_revoke,
        name="assessment-link-revoke",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/links/<id:link>/remind/",
        views.link_remind,
        name="assessment-link-remind",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/reminders/<str:batch>/",
        views.reminders_sent,
        name="assessment-reminders",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/comments-to-evidence/",
        views.comments_to_evidence,
        name="assessment-comments-to-evidence",
    ),
    path("self-assessment/questionnaires/", views_instruments.instruments, name="assessment-instruments"),
    path(
        "self-assessment/questionnaires/<slug:key>/",
        views_instruments.instrument,
        name="assessment-instrument",
    ),
    # Respondents, without an account: a side's link, then each one's own response.
    path("a/r/<str:token>/", respond.resume, name="assessment-resume"),
    path("a/<str:token>/", respond.start, name="assessment-respond"),
]

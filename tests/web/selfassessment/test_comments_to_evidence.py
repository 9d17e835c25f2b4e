"""The comments respondents agreed to share become a source a side, to code; names never do."""

from __future__ import annotations

from django.urls import reverse

from mutuality.accounts.roles import Role
from mutuality.evidence.models import Source
from tests.web.selfassessment.conftest import respond
from tests.web.selfassessment.test_views import member, officer, viewer  # noqa: F401


def keep(client, setting):
    return client.post(
        reverse("assessment-comments-to-evidence", args=[setting.partnership.key, setting.round.pk])
    )


def test_consented_comments_become_one_source_a_side_without_names(setting):
    setting.round.anonymous = False
    setting.round.save()
    first, second = (side.key for side in setting.sides)
    respond(
        setting,
        first,
        {"trust-1": 4},
        name="Aya Demir",
        consent_to_evidence="on",
        **{"comment-trust-1": "We learnt to plan together."},
    )
    respond(
        setting,
        first,
        {"trust-1": "dk"},
        name="Bram Smit",
        **{"comment-trust-1": "Not for the study, please."},
    )
    respond(setting, second, {"trust-1": 2}, consent_to_evidence="on")  # consent, but no comment
    researcher = member(setting, "researcher", Role.RESEARCHER)
    assert keep(researcher, setting).status_code == 302
    source = Source.objects.get()
    text = source.current.text
    assert "We learnt to plan together." in text and "Respondent 1" in text and "Answer: 4" in text
    assert "Not for the study" not in text and "Aya" not in text and "Bram" not in text
    assert (source.kind, source.side.key, source.confidential) == ("survey_answer", first, True)
    assert list(source.partnerships.all()) == [setting.partnership]
    # Sending again without anything new keeps the one version; a newer comment adds one.
    keep(researcher, setting)
    assert source.versions.count() == 1
    respond(
        setting, first, {"trust-1": 5}, consent_to_evidence="on", **{"comment-trust-1": "Visits changed us."}
    )
    keep(researcher, setting)
    source.refresh_from_db()
    assert source.versions.count() == 2 and "Visits changed us." in source.current.text


def test_only_a_researcher_who_runs_the_round_keeps_comments_as_evidence(setting, officer, viewer):  # noqa: F811
    respond(
        setting,
        setting.sides[0].key,
        {"trust-1": 4},
        consent_to_evidence="on",
        **{"comment-trust-1": "Shared."},
    )
    assert keep(officer, setting).status_code == 403  # runs the round, but adds no sources
    assert keep(viewer, setting).status_code == 403
    assert not Source.objects.exists()

"""A respondent answers through their side's link, without an account: only that side's
questionnaire of that round, their own resume link, the latest answers counting, bad input refused
with nothing saved, and plain pages for links that no longer work."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from mutuality.selfassessment.models import Answer, Response, SideLink, Submission, token_hash
from tests.web.selfassessment.conftest import answer, make_instrument, make_round, respond, start, text


def test_a_link_opens_its_sides_questionnaire_and_starting_gives_a_resume_link(setting):
    client = Client()
    first, second = setting.sides
    page = client.get(f"/a/{setting.tokens[second.key]}/")
    assert page.status_code == 200
    assert second.municipality.name in text(page) and "Start" in text(page)
    assert not Response.objects.exists()  # opening alone makes nothing: mail scanners open links too
    resume = start(client, setting.tokens[second.key])
    made = Response.objects.get()
    assert (made.round, made.side, made.link) == (setting.round, second, setting.links[second.key])
    questionnaire = client.get(resume)
    assert "Keep this link to come back" in text(questionnaire)
    assert f"http://testserver{resume}" in questionnaire.content.decode()
    assert "We trust each other." in text(questionnaire) and "Process-based trust" in text(questionnaire)
    assert "strongly agree" in text(questionnaire) and "Don't know" in text(questionnaire)


def test_answers_are_saved_replaced_by_the_latest_and_every_submission_kept(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    sent = answer(client, resume, {"trust-1": 4, "trust-2": "dk"}, **{"comment-trust-1": "Mostly."})
    assert sent.status_code == 302
    assert "your answers are saved" in text(client.get(sent["Location"]))
    response = Response.objects.get()
    assert response.submitted_at is not None
    assert {a.item.key: (a.value, a.comment) for a in response.answers.all()} == {
        "trust-1": (4, "Mostly."),
        "trust-2": (None, ""),
    }
    assert "checked" in client.get(resume).content.decode()  # the page shows them again
    answer(client, resume, {"trust-1": 2, "power-1": 5})
    assert {a.item.key: a.value for a in response.answers.all()} == {"trust-1": 2, "power-1": 5}
    kept = [s.answers for s in Submission.objects.filter(response=response).order_by("id")]
    assert kept == [
        {"trust-1": {"value": 4, "comment": "Mostly."}, "trust-2": {"value": None, "comment": ""}},
        {"trust-1": {"value": 2, "comment": ""}, "power-1": {"value": 5, "comment": ""}},
    ]


def test_the_same_answers_sent_twice_lose_nothing(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    for _ in range(2):
        assert answer(client, resume, {"trust-1": 5, "trust-2": 4}).status_code == 302
    assert Answer.objects.count() == 2 and Submission.objects.count() == 2


def refused(client, resume, values, **extra):
    before = (Answer.objects.count(), Submission.objects.count())
    page = answer(client, resume, values, **extra)
    assert page.status_code == 400
    assert (Answer.objects.count(), Submission.objects.count()) == before, "nothing is saved"
    assert Response.objects.get().submitted_at is None
    return text(page)


def test_bad_answers_are_refused_with_the_question_named_and_nothing_saved(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    assert "Question 2 (“Promises are kept.”): “9” is not one of its answers (1 to 5)." in refused(
        client, resume, {"trust-1": 3, "trust-2": 9}
    )
    assert "“0”" in refused(client, resume, {"trust-1": 0})
    assert "“x”" in refused(client, resume, {"trust-1": "x"})
    other = make_instrument("another")
    other.items.filter(key="power-1").update(key="elsewhere")
    assert "“elsewhere” is not a question of this questionnaire." in refused(
        client, resume, {"trust-1": 3, "elsewhere": 2}
    )
    second = setting.sides[1].key
    assert "answers for another side are refused" in refused(client, resume, {"trust-1": 3}, side=second)
    assert "to go with your comment" in refused(client, resume, {}, **{"comment-power-1": "No answer"})


def test_a_forged_side_is_refused_and_the_side_always_comes_from_the_link(setting):
    first, second = setting.sides
    resume = respond(setting, first.key, {"trust-1": 4}, side=first.key)  # its own side: accepted
    assert Response.objects.get().side == first
    assert resume


def test_an_unknown_withdrawn_or_expired_link_gets_a_plain_page(setting):
    client = Client()
    unknown = client.get("/a/not-a-token-of-ours/")
    assert unknown.status_code == 404 and "This link is not known" in text(unknown)
    link = setting.links[setting.sides[0].key]
    link.revoked_at = timezone.now()
    link.save()
    withdrawn = client.get(f"/a/{setting.tokens[setting.sides[0].key]}/")
    assert withdrawn.status_code == 410 and "This link has been withdrawn" in text(withdrawn)
    other = setting.links[setting.sides[1].key]
    other.expires_at = timezone.now() - dt.timedelta(minutes=1)
    other.save()
    expired = client.get(f"/a/{setting.tokens[setting.sides[1].key]}/")
    assert expired.status_code == 410 and "This link has expired" in text(expired)
    assert "Traceback" not in unknown.content.decode()


def test_a_closed_round_takes_no_answers_even_from_a_started_response(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    setting.round.closes_on = timezone.localdate() - dt.timedelta(days=1)
    setting.round.opens_on = setting.round.closes_on - dt.timedelta(days=10)
    setting.round.save()
    page = answer(client, resume, {"trust-1": 3})
    assert page.status_code == 410 and "This round closed on" in text(page)
    assert not Answer.objects.exists() and not Submission.objects.exists()
    assert client.get(f"/a/{setting.tokens[setting.sides[0].key]}/").status_code == 410


def test_a_round_not_yet_open_says_when_it_opens(setting):
    setting.round.opens_on = timezone.localdate() + dt.timedelta(days=3)
    setting.round.save()
    page = Client().get(f"/a/{setting.tokens[setting.sides[0].key]}/")
    assert page.status_code == 403 and "This questionnaire opens on" in text(page)


def test_a_withdrawn_link_closes_the_responses_started_with_it(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    link = setting.links[setting.sides[0].key]
    link.revoked_at = timezone.now()
    link.save()
    assert answer(client, resume, {"trust-1": 3}).status_code == 410
    assert not Answer.objects.exists()


def test_a_link_of_another_round_opens_only_its_own_round(setting):
    later = make_round(setting.partnership, setting.instrument, name="2027")
    link, token = SideLink.issue(later, setting.sides[0])
    resume = start(Client(), token)
    assert Response.objects.get().round == later
    assert "Round 2027" in text(Client().get(resume))


def test_the_questionnaire_is_in_the_language_chosen_right_to_left_for_arabic(setting):
    client = Client(headers={"accept-language": "ar"})
    token = setting.tokens[setting.sides[0].key]
    page = client.get(f"/a/{token}/")
    assert 'lang="ar" dir="rtl"' in page.content.decode()  # the browser's language first
    resume = start(client, token, "ar")
    arabic = client.get(resume).content.decode()
    assert "نثق ببعضنا." in arabic and "أوافق بشدة" in arabic and 'dir="rtl"' in arabic
    dutch = client.get(resume + "?lang=nl").content.decode()
    assert "We vertrouwen elkaar." in dutch and 'lang="nl" dir="ltr"' in dutch
    assert Response.objects.get().language == "ar"
    answer(client, resume, {"trust-1": 4}, lang="nl")
    assert Response.objects.get().language == "nl"


def test_name_and_role_are_asked_only_in_a_named_round(setting):
    client = Client()
    resume = start(client, setting.tokens[setting.sides[0].key])
    assert 'name="name"' not in client.get(resume).content.decode()
    answer(client, resume, {"trust-1": 4}, name="Ignored", role="Ignored", consent_to_evidence="on")
    response = Response.objects.get()
    assert (response.name, response.role, response.consent_to_evidence) == ("", "", True)
    setting.round.anonymous = False
    setting.round.save()
    assert 'name="name"' in client.get(resume).content.decode()
    answer(client, resume, {"trust-1": 4}, name="Aya", role="Officer")
    response.refresh_from_db()
    assert (response.name, response.role, response.consent_to_evidence) == ("Aya", "Officer", False)


def test_too_many_requests_get_a_plain_page_per_link_and_per_address(setting, settings):
    settings.SELF_ASSESSMENT_RATE_PER_LINK = 3
    token = setting.tokens[setting.sides[0].key]
    pages = [Client(REMOTE_ADDR=f"10.0.0.{n}").get(f"/a/{token}/") for n in range(4)]
    assert [page.status_code for page in pages] == [200, 200, 200, 429]
    assert "try again in a minute" in text(pages[-1]) and pages[-1]["Retry-After"] == "60"
    other = setting.tokens[setting.sides[1].key]
    assert Client().get(f"/a/{other}/").status_code == 200  # another link counts apart
    settings.SELF_ASSESSMENT_RATE_PER_ADDRESS = 2
    guesses = [Client(REMOTE_ADDR="10.9.9.9").get(f"/a/guess-{n}/").status_code for n in range(3)]
    assert guesses == [404, 404, 429]


@pytest.mark.django_db(transaction=True)
def test_two_respondents_and_one_sending_twice_at_the_same_time_lose_nothing(setting):
    """Four requests at once in threads, on PostgreSQL (about 1 s)."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database locks whole tables between threads; "
            "this runs on PostgreSQL, where requests write at the same time"
        )
    side = setting.sides[0].key
    resumes = [start(Client(), setting.tokens[side]) for _ in range(3)]
    sends = [(resumes[0], 2), (resumes[0], 3), (resumes[1], 4), (resumes[2], 5)]
    barrier = threading.Barrier(len(sends))
    statuses: list[int] = []

    def send(resume: str, value: int) -> None:
        try:
            barrier.wait()
            statuses.append(answer(Client(), resume, {"trust-1": value, "trust-2": value}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=sent) for sent in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert Submission.objects.count() == 4
    twice = Response.objects.get(resume_hash=token_hash(resumes[0].rstrip("/").rsplit("/", 1)[1]))
    values = {a.value for a in twice.answers.all()}
    assert values in ({2}, {3}) and twice.answers.count() == 2  # the latest send, whole
    latest = twice.submissions.order_by("-id").first()
    assert {entry["value"] for entry in latest.answers.values()} == values
    assert Answer.objects.count() == 6

"""Messages name a record in its own words, shortened at the end of a word, never inside one."""

from __future__ import annotations

from django.contrib.messages import get_messages

from mutuality.partnerships.models import LearningOutcome
from mutuality.partnerships.naming import named, shortened

LONG = (
    "Waste sorting at the source, as Haarlem's district teams do it, adapted to the weekly market "
    "of Emirdağ and its seasonal visitors"
)


def test_a_short_text_is_kept_whole():
    assert shortened("Visit to Haarlem") == "Visit to Haarlem"


def test_a_long_text_loses_whole_words_and_ends_with_an_ellipsis():
    short = shortened(LONG)
    assert short == "Waste sorting at the source, as Haarlem's district teams do it, adapted to the…"
    assert len(short) <= 80 and LONG.startswith(short.removesuffix("…"))


def test_a_cut_just_before_a_space_keeps_the_last_word():
    assert shortened("one two three four", length=8) == "one two…"
    assert shortened("one two three four", length=9) == "one two…"
    assert shortened("one two three four", length=14) == "one two three…"


def test_lines_become_one_and_a_single_long_word_is_cut_inside():
    assert shortened("Two\n\nparagraphs  here") == "Two paragraphs here"
    assert shortened("https://example.org/" + "a" * 100, length=20) == "https://example.org…"


def test_a_learning_outcome_is_named_by_its_whole_description_not_its_cut_one(partnership):
    outcome = LearningOutcome.objects.get(key="sorting")
    outcome.description = LONG
    assert str(outcome) == LONG[:80]  # the model's own name ends inside "the" of "the weekly"
    assert named(outcome) == shortened(LONG)


def test_the_saved_message_does_not_cut_a_word(officer_client, partnership):
    response = officer_client.post(
        "/partnerships/haarlem-emirdag/learning/new/",
        {
            "side": partnership.sides.get(municipality__key="emirdag").pk,
            "description": LONG,
            "form": "adaptation",
        },
    )
    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == f"Saved {shortened(LONG)}."

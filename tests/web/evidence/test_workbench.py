"""The workbench's text in pieces and its updates: a coding sends back only the pieces of the text it
covers and the stripes whose place changed, so the browser lays out a few lines, not the transcript;
and the list of codings comes with its first codings, the rest asked for after the page."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.evidence.render import segments
from mutuality.evidence.versions import add_version
from mutuality.web.evidence.workbench import LIST_FIRST, PIECE, marked_pieces, piece_starts, pieces_over
from tests.web.evidence.test_workbench_views import HTMX, code, oob_ids

LONG = " ".join(
    f"Sentence {n} of the officer: we learn <together> in İzmir 🤝 and في بركان." for n in range(300)
)


def test_the_pieces_hold_the_whole_text_and_begin_after_a_space():
    starts = piece_starts(LONG)
    assert starts[0] == 0 and len(starts) > 10
    assert all(LONG[start - 1] == " " for start in starts[1:])
    assert all(PIECE <= right - left < PIECE + 80 for left, right in zip(starts, starts[1:], strict=False))
    pieces = list(marked_pieces(LONG, starts, segments(len(LONG), []), {}, {}, None).values())
    inner = [
        re.fullmatch(r'<span class="piece" id="piece-(\d+)">(.*)</span>', piece, re.S) for piece in pieces
    ]
    assert [int(match.group(1)) for match in inner] == list(range(len(starts)))
    assert "".join(match.group(2) for match in inner) == escape(LONG)


TURNS = "".join(
    f"Respondent {n}: we learn together in İzmir and في بركان, "
    + "then go on. " * (n % 40)
    + "\n" * (1 + n % 2)
    for n in range(120)
)


def test_a_transcript_of_lines_is_cut_where_lines_end_into_blocks_of_whole_lines():
    starts = piece_starts(TURNS)
    assert len(starts) > 5
    assert all(TURNS[start - 1] == "\n" and TURNS[start] != "\n" for start in starts[1:])
    pieces = list(marked_pieces(TURNS, starts, segments(len(TURNS), []), {}, {}, None).values())
    assert all(piece.startswith('<span class="piece lines" ') for piece in pieces)
    assert "".join(re.sub(r"<[^>]+>", "", piece) for piece in pieces) == escape(TURNS)


def test_a_line_longer_than_three_pieces_is_cut_after_a_space_and_stays_inline():
    text = "A short first line.\n" + LONG + "\nA last line."
    starts = piece_starts(text)
    assert text[starts[1] - 1] == " "  # no line ends within three pieces of the first cut
    kinds = re.findall(
        r'<span class="([^"]+)" id="piece-',
        "".join(marked_pieces(text, starts, segments(len(text), []), {}, {}, None).values()),
    )
    assert set(kinds[:-1]) == {"piece"}  # each begins or ends within a line
    assert kinds[-1] == "piece lines" and text[starts[-1] - 1] == "\n"  # the last line, after the long one


def test_a_coding_across_two_pieces_is_marked_in_both_and_focused_once():
    starts = piece_starts(LONG)
    start, end = starts[3] - 20, starts[3] + 20
    runs = segments(len(LONG), [(7, start, end)])
    pieces = list(marked_pieces(LONG, starts, runs, {7: 1}, {1: "#77aadd"}, focus=7).values())
    marked = [re.findall(r"<mark[^>]*>(.*?)</mark>", piece, re.S) for piece in pieces]
    assert marked[2] and marked[3] and not any(marked[i] for i in (0, 1, 4))
    assert "".join(marked[2] + marked[3]) == escape(LONG[start:end])
    assert "".join(pieces).count('id="passage"') == 1
    # An update writes only the pieces it sends, each as the whole text writes it.
    some = marked_pieces(LONG, starts, runs, {7: 1}, {1: "#77aadd"}, focus=7, only={3, 5})
    assert some == {3: pieces[3], 5: pieces[5]}
    assert pieces_over(starts, len(LONG), [(start, end)]) == [2, 3]
    assert pieces_over(starts, len(LONG), [(starts[3], starts[3] + 1)]) == [3]


@pytest.fixture
def long_source(partnership, coder):
    source = Source.objects.create(title="A long interview", kind="interview", language="en")
    source.partnerships.add(partnership)
    add_version(source, LONG, user=coder)
    return source


def piece_of(source: Source, words: str) -> int:
    """The piece of the text the first of ``words`` is in."""
    at = source.current.text.index(words)
    return max(index for index, start in enumerate(piece_starts(source.current.text)) if start <= at)


def test_a_coding_answers_with_the_piece_of_text_it_is_in_and_its_stripe(coder_client, long_source):
    trust = framework_code("dimension", "process_trust")
    page = code(long_source, "Sentence 150 of the officer", coder_client, trust).content.decode()
    coding = Coding.objects.get()
    pieces = [name for name in oob_ids(page) if name.startswith("piece-")]
    assert pieces == [f"piece-{piece_of(long_source, 'Sentence 150 of the officer')}"]
    assert ">Sentence 150 of the officer</mark>" in page
    assert f'id="stripe-{coding.pk}"' in page and 'hx-swap-oob="beforeend:#margin"' in page
    assert 'id="source-text"' not in page and 'id="margin"' not in page


def test_a_coding_that_pushes_another_stripe_into_a_new_lane_sends_that_stripe_too(coder_client, long_source):
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    code(long_source, "in İzmir 🤝 and في بركان. Sentence 12 of", coder_client, trust)
    inner = Coding.objects.get()
    # Starting earlier and ending later, the new coding takes lane 0; the first moves to lane 1.
    page = code(long_source, "<together> in İzmir 🤝 and في بركان. Sentence 12 of the", coder_client, power)
    page = page.content.decode()
    outer = Coding.objects.exclude(pk=inner.pk).get()
    assert re.search(rf'id="stripe-{inner.pk}" hx-swap-oob="true"[^>]*--lane: 1"', page)
    assert re.search(rf'id="stripe-{outer.pk}"[^>]*--lane: 0"', page)


def test_a_coding_removed_takes_its_stripe_and_marks_away(coder_client, long_source):
    trust = framework_code("dimension", "process_trust")
    code(long_source, "Sentence 7 of the officer", coder_client, trust)
    coding = Coding.objects.get()
    page = coder_client.post(f"/codings/{coding.pk}/delete/", **HTMX).content.decode()
    assert f'<span id="stripe-{coding.pk}" hx-swap-oob="delete"></span>' in page
    assert [name for name in oob_ids(page) if name.startswith("piece-")] == [
        f"piece-{piece_of(long_source, 'Sentence 7 of the officer')}"
    ]
    assert "<mark" not in page


def test_an_edge_moved_into_the_next_piece_sends_both_pieces(coder, coder_client, long_source):
    text = long_source.current.text
    second = piece_starts(text)[1]
    last_word = text.rindex(" ", 0, second - 1) + 1
    coding = Coding.objects.create(
        version=long_source.current,
        code=framework_code("dimension", "process_trust"),
        coder=coder,
        start=last_word,
        end=second - 1,
        quote=text[last_word : second - 1],
    )
    page = coder_client.post(f"/codings/{coding.pk}/edge/", {"edge": "end", "step": "1"}, **HTMX)
    assert [name for name in oob_ids(page.content.decode()) if name.startswith("piece-")] == [
        "piece-0",
        "piece-1",
    ]


def test_the_page_lists_its_first_codings_and_asks_for_the_rest(coder, coder_client, long_source):
    trust = framework_code("dimension", "process_trust")
    version = long_source.current
    starts = [match.start() for match in re.finditer("Sentence", LONG)][: LIST_FIRST + 5]
    Coding.objects.bulk_create(
        Coding(version=version, code=trust, coder=coder, start=at, end=at + 8, quote="Sentence")
        for at in starts
    )
    page = coder_client.get(f"/sources/{long_source.key}/").content.decode()
    listed = re.findall(r'<li id="c(\d+)" data-coding', page)
    assert len(listed) == LIST_FIRST
    # (asked for once the page is shown: coding.js says so with the event workbench-shown)
    rest = re.search(r'hx-get="([^"]+)" hx-trigger="workbench-shown from:body"', page).group(1)
    rest = rest.replace("&amp;", "&")
    after = coder_client.get(rest, **HTMX).content.decode()
    ordered = [str(pk) for pk in Coding.objects.order_by("start").values_list("pk", flat=True)]
    assert listed + re.findall(r'<li id="c(\d+)" data-coding', after) == ordered
    # Without script, a link shows them all; a passage asked for is listed however far it is.
    assert (
        len(
            re.findall(
                r'<li id="c\d+"',
                coder_client.get(f"/sources/{long_source.key}/?codings=all").content.decode(),
            )
        )
        == LIST_FIRST + 5
    )
    far = ordered[-1]
    focused = coder_client.get(f"/sources/{long_source.key}/?passage={far}").content.decode()
    assert f'<li id="c{far}" data-coding="{far}" class="current">' in focused

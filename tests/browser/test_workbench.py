"""The coding workbench in a real browser, with the keyboard only: ten passages coded in a transcript
in Turkish, Arabic and English with emoji, one coding's assessment changed, one action undone; the
text, the stripes in the margin, the colours and the passages page checked against the words meant.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Zeist ve Berkane arasında güven yıllar içinde büyüdü.\n"
    "قال المنسق في بركان: نحن نتعلم معًا 🤝 في كل زيارة.\n"
    "İstanbul'daki toplantıda belediyeler deneyim paylaştı 🙂 gerçekten.\n"
    "The officers learned from each other's waste management."
)

# Each passage: how many words after the last one coded it starts (arrow key presses), how many
# words it has (Shift+arrow adds one), and how its code is chosen: letters typed into the code
# search (in any language, accents left out) and Enter, or the number of a code used last.
PASSAGES = [
    (1, 1, "guven"),  # the Turkish name of process-based trust, typed without its ü
    (1, 3, "meslektas"),  # similarity between professionals, in Turkish
    (1, 1, "1"),  # the code used last
    (3, 2, "الثقة"),  # the Arabic name of process-based trust; the words run across a line
    (2, 4, "translocal"),
    (2, 1, "2"),  # the emoji, with the code used last but one
    (3, 2, "istanbul"),  # no code has that name: Escape, then a number
    (1, 3, "power"),
    (1, 2, "1"),
    (2, 3, "vertrouwen"),  # the Dutch name of process-based trust
]


def expected_words() -> list[str]:
    """The words each passage of PASSAGES covers, as the text has them (a newline between lines)."""
    spans = [match.span() for match in re.finditer(r"\S+", TEXT)]
    found, last = [], -1
    for skip, length, _code in PASSAGES:
        first = last + skip
        last = first + length - 1
        found.append(TEXT[spans[first][0] : spans[last][1]])
    return found


@pytest.fixture
def transcript(db):
    from mutuality.casestudies import case_study_files
    from mutuality.evidence.models import Source
    from mutuality.evidence.versions import add_version
    from mutuality.formats.data_load import load_files
    from mutuality.partnerships.models import Partnership

    load_files(case_study_files())  # the partnerships only: this test's codings are the only ones
    source = Source.objects.create(
        key="zeist-berkane-meeting", title="Meeting notes, Istanbul", language="tr"
    )
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    add_version(source, TEXT)
    return source


class FirstCodingHeld:
    """The next coding the page sends, held on its way until :meth:`let_go`; those after it go
    through. ``sent`` keeps what each one sent."""

    def __init__(self, page) -> None:
        self.page = page
        self.sent: list[str] = []
        self.held: list = []
        page.route("**/codings/", self._route)

    def _route(self, route) -> None:
        self.sent.append(route.request.post_data or "")
        if len(self.sent) == 1:
            self.held.append(route)
        else:
            route.continue_()

    def wait_until_sent(self) -> None:
        for _ in range(500):  # (the route's handler runs while Playwright waits)
            if self.held:
                return
            self.page.wait_for_timeout(10)
        raise AssertionError("the coding was not sent")

    def let_go(self) -> None:
        self.held[0].continue_()


def coded_words(page) -> list[str]:
    return page.locator("ol.codings li[data-coding] blockquote").all_inner_texts()


def test_ten_passages_coded_changed_and_undone_with_the_keyboard_only(
    logged_in_page, live_server, transcript, monkeypatch
):
    """A real Chromium codes ten passages with the keyboard, each answered by the server without a
    reload, then changes and undoes; the set-up loads the case-study partnerships (about 3 s)."""
    from mutuality.evidence.models import Coding

    # Pieces of a few words, so that the short transcript is in many and each answer sends some.
    monkeypatch.setattr("mutuality.web.evidence.workbench.PIECE", 40)
    page = logged_in_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/sources/{transcript.key}/")
    assert page.locator("#source-text .piece").count() >= 5
    page.evaluate("window.loadedOnce = true")  # gone if the page were loaded again
    page.locator("#source-text").focus()  # as a Tab from the heading would
    keyboard = page.keyboard
    expected = expected_words()
    for index, ((skip, length, code), words) in enumerate(zip(PASSAGES, expected, strict=True), start=1):
        for _ in range(skip):
            keyboard.press("ArrowRight")
        for _ in range(length - 1):
            keyboard.press("Shift+ArrowRight")
        assert page.locator("#selection-preview").text_content() == f"“{words}”", index
        if code.isdigit():
            keyboard.press(code)
        else:
            keyboard.press("/")
            keyboard.type(code)
            if code == "istanbul":  # no code has that name: the tree is empty, Escape goes back
                assert page.locator("#code-tree li[data-code]:not(.hidden)").count() == 0
                keyboard.press("Escape")
                keyboard.press("1")
            else:
                keyboard.press("Enter")
        expect(page.locator("ol.codings li[data-coding]")).to_have_count(index)
        assert page.evaluate("window.loadedOnce") is True

    assert errors == []
    codings = list(Coding.objects.order_by("pk").select_related("code"))
    assert [coding.quote for coding in codings] == expected
    trust, similar = "Process-based trust", "Similarity between professionals"
    translocal, power = "Translocal linkages", "Power and equality"
    assert [coding.code.name for coding in codings] == [
        trust,
        similar,
        similar,
        trust,
        translocal,
        trust,
        trust,
        power,
        power,
        trust,
    ]

    # The text marks exactly the words, and the margin has a stripe per coding, in its code's colour,
    # beside the lines it covers; codes differ in colour.
    marked = "".join(page.locator("#source-text mark.coded").all_inner_texts())
    for words in expected:
        assert words.replace("\n", "") in marked.replace("\n", "")
    stripes = page.locator("#margin .stripe")
    assert stripes.count() == 10
    colours = {coding.code.colour for coding in codings}
    assert len(colours) == 4  # four codes, four colours
    for coding in codings:
        stripe = page.locator(f'#margin .stripe[data-coding="{coding.pk}"]')
        assert stripe.is_visible()
        assert stripe.get_attribute("title") == f"Dimension of mutual learning / {coding.code.name}"
        shown = stripe.evaluate("node => getComputedStyle(node).backgroundColor")
        assert shown == _rgb(coding.code.colour)
    # Each answer sent the pieces of the text around its coding only: the last coding is the one
    # focused, and the earlier ones, in pieces not sent again, are focused no more.
    focused = [mark.get_attribute("data-codings").split() for mark in page.locator("mark.focused").all()]
    assert focused and all(str(codings[-1].pk) in ids for ids in focused)
    assert page.locator("#passage").count() == 1
    across = page.locator(f'#margin .stripe[data-coding="{codings[3].pk}"]').bounding_box()
    single = page.locator(f'#margin .stripe[data-coding="{codings[0].pk}"]').bounding_box()
    assert across["height"] > 1.5 * single["height"]  # two lines
    expect(page.locator(f"#count-{codings[0].code_id}")).to_have_text("5 · 5")  # asked for after a pause
    screenshot(page, "workbench-ten-codings")

    # Change the assessment of the first coding, by the keyboard: its Change link, then the form.
    first = codings[0]
    page.locator(f"#c{first.pk} a[data-change]").focus()
    keyboard.press("Enter")
    page.wait_for_selector("#coding-change-form")
    assert page.locator("#coding-editor .edges button").count() == 4
    assert page.locator("#coding-editor .edges button").first.is_visible()  # the edges move from here
    page.locator("#change-assessment").focus()
    keyboard.press("ArrowDown")  # the first assessment: strong
    page.locator("#coding-change-form button[type=submit]").focus()
    keyboard.press("Enter")
    expect(page.locator("#coding-change-form")).to_have_count(0)
    assert page.locator(f"#c{first.pk} .badge").first.inner_text() == "Strong"
    first.refresh_from_db()
    assert first.assessment == "strong"

    # Undo it (Ctrl+Z): the assessment is gone again, and the history has both changes.
    page.locator("#source-text").focus()
    keyboard.press("Control+z")
    expect(page.locator(f"#c{first.pk} .badge")).to_have_count(0)
    first.refresh_from_db()
    assert first.assessment == ""
    assert page.evaluate("window.loadedOnce") is True
    screenshot(page, "workbench-after-undo")

    # The passages page lists the ten, with their words; each opens its source at the coding.
    page.goto(f"{live_server.url}/passages/?coder=officer")
    listed = [passage.text_content() for passage in page.get_by_test_id("passage").all()]
    assert sorted(listed) == sorted(expected)
    assert errors == []


def _rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_a_code_dragged_onto_chosen_words_codes_them(logged_in_page, live_server, transcript):
    """Drag and drop in a real Chromium (the set-up loads the case-study partnerships, about 3 s)."""
    from mutuality.evidence.models import Coding

    page = logged_in_page
    page.goto(f"{live_server.url}/sources/{transcript.key}/")
    page.locator("#source-text").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert page.locator("#selection-preview").inner_text() == "“Zeist ve”"
    code = page.locator("#code-tree .code-row label", has_text="Power and equality")
    code.drag_to(page.locator("#source-text"), target_position={"x": 200, "y": 60})
    page.wait_for_selector("ol.codings li[data-coding]")
    coding = Coding.objects.get()
    assert (coding.quote, coding.code.name) == ("Zeist ve", "Power and equality")


def test_words_coded_while_the_last_coding_is_on_its_way_are_coded_after_it(
    logged_in_page, live_server, transcript
):
    """A coder quicker than the server loses nothing: a coding asked for before the last one is
    answered waits for it, then goes with its own words and code (the set-up loads the case-study
    partnerships, about 3 s)."""
    from mutuality.evidence.models import Coding

    page = logged_in_page
    page.goto(f"{live_server.url}/sources/{transcript.key}/")
    keyboard = page.keyboard
    page.locator("#source-text").focus()
    for index, code in enumerate(["guven", "power"], start=1):  # the codes used last: 1 power, 2 trust
        keyboard.press("ArrowRight")
        keyboard.press("/")
        keyboard.type(code)
        keyboard.press("Enter")
        expect(page.locator("ol.codings li[data-coding]")).to_have_count(index)
    first = FirstCodingHeld(page)
    keyboard.press("ArrowRight")
    keyboard.press("Shift+ArrowRight")
    keyboard.press("1")
    first.wait_until_sent()
    keyboard.press("ArrowRight")  # the next word, chosen while the coding is on its way
    assert page.locator("#selection-preview").text_content() == "“güven”"
    keyboard.press("2")
    page.wait_for_timeout(200)
    assert len(first.sent) == 1  # the second waits for the first's answer
    first.let_go()
    expect(page.locator("ol.codings li[data-coding]")).to_have_count(4)
    expect(page.locator("#workbench-message")).not_to_have_class(re.compile("errors"))
    trust, power = "Process-based trust", "Power and equality"
    codings = [(coding.quote, coding.code.name) for coding in Coding.objects.order_by("pk")]
    assert codings == [("Zeist", trust), ("ve", power), ("Berkane arasında", power), ("güven", trust)]
    assert coded_words(page) == ["Zeist", "ve", "Berkane arasında", "güven"]
    assert len(first.sent) == 2
    keyboard.press("ArrowRight")  # the coder goes on after the words coded last
    assert page.locator("#selection-preview").text_content() == "“yıllar”"


def test_the_browser_telling_of_the_same_words_late_does_not_keep_the_coder_in_the_search(
    logged_in_page, live_server, transcript
):
    """Chromium may report the words chosen (selectionchange) after their coding was sent: the
    same words, not a new choice, so once it is answered the coder is back in the text after them,
    the arrow keys and numbers working (they went to the code search, and a number was typed
    there, when only the very object chosen counted)."""
    from mutuality.evidence.models import Coding

    page = logged_in_page
    page.goto(f"{live_server.url}/sources/{transcript.key}/")
    keyboard = page.keyboard
    page.locator("#source-text").focus()
    keyboard.press("ArrowRight")
    page.evaluate("() => { window.chosenRange = window.getSelection().getRangeAt(0).cloneRange(); }")
    keyboard.press("/")
    keyboard.type("guven")
    first = FirstCodingHeld(page)
    keyboard.press("Enter")
    first.wait_until_sent()
    page.evaluate(  # the same words selected again: the browser tells of them once more
        """() => new Promise((told, silent) => {
            document.addEventListener("selectionchange", () => told(), { once: true });
            setTimeout(() => silent(new Error("the browser did not tell of the words")), 5000);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(window.chosenRange);
        })"""
    )
    first.let_go()
    expect(page.locator("ol.codings li[data-coding]")).to_have_count(1)
    expect(page.locator("#source-text")).to_be_focused()
    expect(page.locator("#selection-preview")).to_have_text("Select words in the text to code them.")
    keyboard.press("ArrowRight")
    keyboard.press("1")
    expect(page.locator("ol.codings li[data-coding]")).to_have_count(2)
    assert [coding.quote for coding in Coding.objects.order_by("pk")] == ["Zeist", "ve"]


LONG_TEXT = "\n".join(
    f"Paragraph {n}: the officers of both towns met again and learned from each other's work on waste."
    for n in range(150)
)


def test_a_long_transcript_is_all_laid_out_once_drawn_and_opens_at_a_passage_far_down(
    logged_in_page, live_server, transcript, officer
):
    """The text, the tree and the list far from the screen wait until the page is first drawn
    (workbench.css); then all of it is laid out, so the stripes are measured against the whole text.
    Opened at a passage far down, the page shows it at once, its stripe beside it."""
    from mutuality.evidence.models import Code, Coding
    from mutuality.evidence.versions import add_version

    version = add_version(transcript, LONG_TEXT).version
    start = LONG_TEXT.index("Paragraph 140:")
    end = start + len("Paragraph 140")
    code = Code.objects.get(name="Power and equality")
    coding = Coding.objects.create(
        version=version, start=start, end=end, quote=LONG_TEXT[start:end], code=code, coder=officer
    )
    page = logged_in_page
    undrawn = """() => [...document.querySelectorAll('#source-text .piece, #code-tree > li, ol.codings > li')]
                  .filter(node => getComputedStyle(node).contentVisibility !== 'visible').length"""

    def mark_and_stripe() -> tuple[dict, dict]:
        mark = page.locator(f'mark[data-codings~="{coding.pk}"]').bounding_box()
        stripe = page.locator(f'#margin .stripe[data-coding="{coding.pk}"]').bounding_box()
        assert mark and stripe
        assert abs(stripe["y"] - mark["y"]) < 3 and abs(stripe["height"] - mark["height"]) < 3
        return mark, stripe

    page.goto(f"{live_server.url}/sources/{transcript.key}/")
    page.wait_for_selector("#workbench.shown #margin.placed")
    assert page.locator("#source-text .piece.lines").count() > 10  # a text of many pieces
    assert page.evaluate(undrawn) == 0
    page.locator(f'mark[data-codings~="{coding.pk}"]').scroll_into_view_if_needed()
    mark_and_stripe()

    page.goto(f"{live_server.url}/sources/{transcript.key}/?passage={coding.pk}#passage")
    page.wait_for_selector("#workbench.shown #margin.placed")
    mark, _stripe = mark_and_stripe()
    assert 0 <= mark["y"] and mark["y"] + mark["height"] <= 900  # on the screen
    assert page.locator("#passage").count() == 1

"""Sources, codes and codings written through the API, with the web's rights and rules."""

from __future__ import annotations

from django.urls import reverse

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.history.models import Change

SOURCES = reverse("api-source-list")
CODES = reverse("api-code-list")
CODINGS = reverse("api-coding-list")
TEXT = "Güven 🤝 arttı: İstanbul'da öğrendik.\nالثقة نمت بيننا 🌱 ببطء."


def source_url(key):
    return reverse("api-source-detail", args=[key])


def coding_url(pk):
    return reverse("api-coding-detail", args=[pk])


def words(text, quote, **more):
    """A coding of ``quote`` in ``text``: offsets in code points, as Python counts them."""
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote, **more}


def new_source(api, world, **more):
    body = {
        "title": "Interview in three scripts",
        "kind": "interview",
        "partnerships": [world.p1.key],
        "side": world.side_a.municipality.key,
        "confidential": False,
        "text": TEXT,
        **more,
    }
    response = api.post(SOURCES, body)
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_researcher_adds_a_source_and_codes_turkish_arabic_and_emoji_words(world, api):
    researcher = api("researcher")
    source = new_source(researcher, world)
    assert (source["key"], source["version"], source["text"]) == ("interview-in-three-scripts", 1, TEXT)
    trust = framework_code("dimension", "process_trust")

    for quote in ("🤝 arttı", "İstanbul'da öğrendik", "الثقة نمت", "🌱 ببطء"):
        sent = words(TEXT, quote, source=source["key"], code=trust.pk, assessment="strong")
        response = researcher.post(CODINGS, sent)
        assert response.status_code == 201, response.json()
        made = Coding.objects.get(pk=response.json()["id"])
        assert made.quote == quote and made.coder == world.users["researcher"]
        assert {k: response.json()[k] for k in ("start", "end", "quote")} == {
            k: sent[k] for k in ("start", "end", "quote")
        }
    assert Source.objects.get(key=source["key"]).current.text == TEXT


def test_offsets_count_in_the_text_as_the_api_shows_it_with_names_replaced(world, api):
    RespondentIdentity.objects.create(respondent=world.respondent, real_name="Ayşe Yılmaz")
    add_version(world.open_source, "😀 Ayşe Yılmaz spoke about waste.", user=world.users["admin"])
    researcher = api("researcher")
    shown = researcher.get(source_url(world.open_source.key)).json()["text"]
    assert shown == "😀 R1 spoke about waste."

    sent = words(shown, "R1 spoke", source=world.open_source.key, code=world.code.pk)
    response = researcher.post(CODINGS, sent)

    assert response.status_code == 201, response.json()
    assert Coding.objects.get(pk=response.json()["id"]).quote == "Ayşe Yılmaz spoke"
    assert (response.json()["start"], response.json()["quote"]) == (2, "R1 spoke")
    stored = api("admin").get(coding_url(response.json()["id"]), with_names=1).json()
    assert (stored["start"], stored["end"], stored["quote"]) == (2, 19, "Ayşe Yılmaz spoke")


def test_a_quote_that_is_not_the_words_at_the_offsets_is_refused_naming_the_quote(world, api):
    researcher = api("researcher")
    source = new_source(researcher, world)
    trust = framework_code("dimension", "process_trust")
    utf16 = words(TEXT, "İstanbul'da", source=source["key"], code=trust.pk)
    utf16.update(start=utf16["start"] + 1, end=utf16["end"] + 1)  # counted as a browser counts: 🤝 is two

    wrong = researcher.post(CODINGS, utf16)
    outside = researcher.post(CODINGS, {**utf16, "end": len(TEXT) + 1})

    assert wrong.status_code == 400 and list(wrong.json()) == ["quote"]
    assert wrong.json()["quote"][0].endswith("which are “stanbul'da”.")  # a word cut, a space more
    assert outside.status_code == 400 and list(outside.json()) == ["end"]
    assert not Coding.objects.filter(version__source__key=source["key"]).exists()


def test_who_may_not_write_is_refused_as_on_the_web(world, api):
    open_key, confidential_key = world.open_source.key, world.confidential_source.key
    coding = {"source": open_key, "start": 4, "end": 8, "quote": "open", "code": world.code.pk}

    assert (
        api("viewer").post(SOURCES, {"title": "x", "partnerships": [world.p1.key], "text": "x"}).status_code
        == 403
    )
    assert api("viewer").patch(source_url(open_key), {"title": "Mine"}).status_code == 403
    assert api("outsider").patch(source_url(open_key), {"title": "Mine"}).status_code == 404
    assert api("coder").patch(source_url(open_key), {"title": "Mine"}).status_code == 403
    assert api("viewer").post(CODINGS, coding).status_code == 403
    refused = api("coder").post(CODINGS, {**coding, "source": confidential_key})
    assert refused.status_code == 400 and list(refused.json()) == ["source"]  # not theirs to read
    assert api("coder").patch(coding_url(world.coding.pk), {"memo": "mine"}).status_code == 403
    assert api("coder").delete(coding_url(world.coding.pk)).status_code == 403
    assert api("outsider").delete(coding_url(world.coding.pk)).status_code == 404
    assert api("coder").post(CODES, {"name": "Mine"}).status_code == 403
    assert (
        api("viewer").patch(reverse("api-code-detail", args=[world.code.pk]), {"name": "x"}).status_code
        == 403
    )

    assert api("coder").post(CODINGS, coding).status_code == 201  # assigned to the open source
    assert Source.objects.get(key=open_key).title == "The open interview"
    assert Coding.objects.get(pk=world.coding.pk).memo == ""


def test_under_blind_coding_a_coder_neither_sees_nor_changes_the_others_codings(world, api):
    world.open_source.blind_coding = True
    world.open_source.save()
    coder = api("coder")
    theirs = coding_url(world.coding.pk)

    own = coder.post(
        CODINGS,
        {"source": world.open_source.key, "start": 4, "end": 8, "quote": "open", "code": world.code.pk},
    )

    assert own.status_code == 201, own.json()
    assert [c["id"] for c in coder.get(CODINGS).json()["results"]] == [own.json()["id"]]
    assert coder.get(theirs).status_code == 404
    assert coder.patch(theirs, {"memo": "seen"}).status_code == 404
    assert coder.delete(theirs).status_code == 404
    assert coder.patch(coding_url(own.json()["id"]), {"memo": "mine"}).json()["memo"] == "mine"
    assert api("researcher").get(CODINGS, source=world.open_source.key).json()["count"] == 2


def test_a_coding_changes_what_it_says_but_not_its_words(world, api):
    researcher = api("researcher")
    url = coding_url(world.coding.pk)
    read = researcher.get(url).json()
    p2_side = f"{world.p2.key}/{world.side_a.municipality.key}"

    changed = researcher.patch(
        url,
        {
            "assessment": "moderate",
            "factor_role": "enabling",
            "concerns_side": world.side_a.municipality.key,
            "projects": ["waste"],
            "memo": "Trust, said twice.",
        },
    )
    as_read = researcher.put(url, {**changed.json(), "memo": "Sent back whole."})
    moved = researcher.patch(url, {"start": 0, "quote": "The "})
    elsewhere = researcher.patch(url, {"concerns_side": p2_side, "concerns_country": "MA"})
    not_a_dimension = researcher.patch(url, {"code": framework_code("learning_form", "transfer").pk})

    assert changed.status_code == 200, changed.json()
    assert {k: changed.json()[k] for k in ("assessment", "factor_role", "concerns_side", "projects")} == {
        "assessment": "moderate",
        "factor_role": "enabling",
        "concerns_side": "emirdag",
        "projects": ["waste"],
    }
    assert as_read.status_code == 200, as_read.json()
    assert {k: as_read.json()[k] for k in ("start", "end", "quote")} == {
        k: read[k] for k in ("start", "end", "quote")
    }
    assert moved.status_code == 400 and set(moved.json()) == {"start", "quote"}
    assert elsewhere.status_code == 400 and "concerns_side" in elsewhere.json()
    assert not_a_dimension.status_code == 200  # it keeps no assessment, as on the web
    assert (not_a_dimension.json()["assessment"], not_a_dimension.json()["factor_role"]) == ("", "")
    coding = Coding.objects.get(pk=world.coding.pk)
    assert (coding.memo, coding.quote, coding.concerns_side) == ("Sent back whole.", "open", world.side_a)


def test_a_new_text_moves_the_codings_of_unchanged_words_and_flags_the_others(world, api):
    researcher = api("researcher")
    url = source_url(world.open_source.key)
    start = world.open_source.current.text.index("waste")
    waste = Coding.objects.create(
        version=world.open_source.current,
        start=start,
        end=start + 5,
        code=world.code,
        coder=world.users["researcher"],
    )
    assert waste.quote == "waste"
    read = researcher.get(url).json()

    saved = researcher.patch(
        url, {"text": "Notes. The open interview text about trust.", "version": read["version"]}
    )
    stale = researcher.patch(url, {"text": "Something else.", "version": read["version"]})
    unchanged = researcher.patch(url, {"text": saved.json()["text"]})

    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == 2
    moved, flagged = Coding.objects.get(pk=world.coding.pk), Coding.objects.get(pk=waste.pk)
    assert (moved.version.number, moved.quote, moved.start, moved.needs_review) == (2, "open", 11, False)
    assert (flagged.version.number, flagged.needs_review) == (1, True)
    assert stale.status_code == 409
    assert unchanged.status_code == 200 and unchanged.json()["version"] == 2
    assert world.open_source.versions.count() == 2


def test_a_text_with_names_hidden_from_the_caller_is_not_overwritten_through_the_api(world, api):
    RespondentIdentity.objects.create(respondent=world.respondent, real_name="Ayşe Yılmaz")
    add_version(world.open_source, "Ayşe Yılmaz spoke about waste.", user=world.users["admin"])
    url = source_url(world.open_source.key)
    researcher = api("researcher")

    sent_back = researcher.patch(url, {"text": researcher.get(url).json()["text"]})
    rewritten = researcher.patch(url, {"text": "R1 spoke about trust."})
    by_admin = api("admin").patch(url + "?with_names=1", {"text": "Ayşe Yılmaz spoke about trust."})

    assert sent_back.status_code == 200 and sent_back.json()["version"] == 2
    assert rewritten.status_code == 400 and list(rewritten.json()) == ["text"]
    assert by_admin.status_code == 200 and by_admin.json()["text"] == "Ayşe Yılmaz spoke about trust."


def test_a_shared_source_keeps_the_partnership_its_editor_does_not_research(world, api):
    zeist = world.p2.sides.get(municipality__key="zeist")
    source = Source.objects.create(title="Shared", kind="interview", confidential=True, side=zeist)
    source.partnerships.add(world.p1, world.p2)
    add_version(source, "Words of a shared interview.", user=world.users["admin"])
    researcher = api("researcher")
    url = source_url(source.key)

    renamed = researcher.patch(url, {"title": "Renamed", "partnerships": [world.p1.key]})
    unlocked = researcher.patch(url, {"confidential": False})
    taken = researcher.patch(url, {"partnerships": [world.p1.key, "no-such-partnership"]})
    ambiguous = researcher.patch(url, {"side": world.side_a.municipality.key})  # in both partnerships
    moved = researcher.patch(url, {"side": f"{world.p1.key}/{world.side_a.municipality.key}"})
    as_read = researcher.put(url, researcher.get(url).json())

    assert renamed.status_code == 200, renamed.json()
    assert sorted(renamed.json()["partnerships"]) == sorted([world.p1.key, world.p2.key])
    assert unlocked.status_code == 400 and list(unlocked.json()) == ["confidential"]
    assert taken.status_code == 400 and list(taken.json()) == ["partnerships"]
    assert ambiguous.status_code == 400 and "partnership-key/" in ambiguous.json()["side"][0]
    assert moved.status_code == 400 and list(moved.json()) == ["side"]  # the other partnership's side stays
    assert as_read.status_code == 200, as_read.json()
    source.refresh_from_db()
    assert (source.title, source.confidential, source.side) == ("Renamed", True, zeist)
    assert source.versions.count() == 1


def test_a_code_is_added_renamed_and_never_moved_under_itself(world, api):
    researcher = api("researcher")
    top = researcher.post(CODES, {"name": "Trust building", "description": "Where trust grows."})
    assert top.status_code == 201, top.json()
    sub = researcher.post(CODES, {"name": "Small gestures", "parent": top.json()["id"]})
    assert sub.status_code == 201, sub.json()
    top_url = reverse("api-code-detail", args=[top.json()["id"]])

    cycle = researcher.patch(top_url, {"parent": sub.json()["id"]})
    itself = researcher.patch(top_url, {"parent": top.json()["id"]})
    twin = researcher.post(CODES, {"name": "Small gestures", "parent": top.json()["id"]})
    renamed = researcher.patch(top_url, {"name": "Building trust"})
    framework = researcher.patch(
        reverse("api-code-detail", args=[world.code.pk]),
        {"term": "mine", "vocabulary": "", "colour": "#123456"},
    )

    assert cycle.status_code == 400 and list(cycle.json()) == ["parent"]
    assert itself.status_code == 400 and list(itself.json()) == ["parent"]
    assert twin.status_code == 400
    assert renamed.json()["path"] == "Building trust"
    assert Code.objects.get(pk=sub.json()["id"]).path == "Building trust / Small gestures"
    assert framework.status_code == 200, framework.json()
    assert (framework.json()["vocabulary"], framework.json()["term"]) == ("dimension", "process_trust")
    assert Code.objects.get(pk=top.json()["id"]).parent is None


def test_the_history_records_the_apis_changes_with_who_made_them(world, api):
    researcher = api("researcher")
    source = new_source(researcher, world)
    made = researcher.post(
        CODINGS, words(TEXT, "الثقة", source=source["key"], code=world.code.pk, projects=["waste"])
    ).json()
    researcher.patch(coding_url(made["id"]), {"memo": "A first memo."})
    researcher.patch(source_url(source["key"]), {"text": TEXT + " Son."})
    researcher.delete(coding_url(made["id"]))

    rows = Change.objects.filter(username="researcher", via="web")
    done = {(row.model, row.action) for row in rows}
    assert {
        ("evidence.source", "created"),
        ("evidence.sourceversion", "created"),
        ("evidence.coding", "created"),
        ("evidence.coding", "changed"),
        ("evidence.coding", "deleted"),
    } <= done
    memo = rows.get(model="evidence.coding", action="changed", changes__has_key="memo")
    assert memo.changes["memo"] == ["", "A first memo."]

"""Pages for sources, coding, the codebook and finding passages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from mutuality.accounts.access import Access, SignedInRequest, require
from mutuality.accounts.roles import Role
from mutuality.analysis.crosstab import heat_step
from mutuality.evidence import codebook
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source, SourceVersion
from mutuality.evidence.offsets import OffsetError, utf16_to_codepoint
from mutuality.evidence.queries import PassageFilter, passage_page, passages
from mutuality.evidence.versions import add_version
from mutuality.formats.extract import ExtractionError, extract_text
from mutuality.framework import vocabulary
from mutuality.history.fingerprint import fingerprint
from mutuality.ids import MAX_ID, parse_id, parse_ids
from mutuality.partnerships.models import Partnership, Project
from mutuality.partnerships.naming import named
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence import workbench
from mutuality.web.evidence.codebook_rows import codebook_rows
from mutuality.web.evidence.forms import (
    CodeForm,
    CodingMemoForm,
    MergeForm,
    NewVersionForm,
    RespondentForm,
    SourceForm,
    model_choice,
    offered,
    problems,
    side_countries,
)
from mutuality.web.evidence.passages import passage_items
from mutuality.web.evidence.search import without_hidden_names

if TYPE_CHECKING:
    from mutuality.evidence.matrix import Matrix


SOURCES_PER_PAGE = 50


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    """The sources this reader may see, 50 a page, narrowed by partnership, kind and language; the
    codings are counted for the page shown only, so a project of thousands of sources opens at once."""
    access = Access.of(request.user)
    sources = access.sources(Source.objects.all())
    chosen = {name: request.GET.get(name, "").strip() for name in ("partnership", "kind", "language")}
    if chosen["partnership"]:
        sources = sources.filter(partnerships__key=chosen["partnership"])
    if chosen["kind"]:
        sources = sources.filter(kind=chosen["kind"])
    if chosen["language"]:
        sources = sources.filter(language=chosen["language"])
    # The partnerships are read with the page, in one query: they are listed, and they decide
    # whether this reader sees the names in each title (`hidden`), which else asked once a source.
    by_name = Prefetch("partnerships", queryset=Partnership.objects.order_by("name"))
    sources = (
        sources.select_related("respondent", "side__municipality")
        .prefetch_related(by_name)
        .order_by("title", "pk")
    )
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # Counted as shown: under blind coding a coder's own codings only.
    on_page = access.codings(Coding.objects.filter(version__source__in=shown))
    counts = dict(on_page.order_by().values_list("version__source_id").annotate(n=Count("*")))
    for source in shown:
        source.coding_count = counts.get(source.pk, 0)
        source.listed_partnerships = list(source.partnerships.all())
    query = urlencode({name: value for name, value in chosen.items() if value})
    return render(
        request,
        "evidence/source_list.html",
        {
            "sources": shown,
            "page": page,
            "query": query,
            "partnerships": access.partnerships(Partnership.objects.all()),
            "chosen": chosen["partnership"],
            "kinds": vocabulary("source_kind"),
            "chosen_kind": chosen["kind"],
            "languages": sorted(
                set(access.sources(Source.objects.order_by()).values_list("language", flat=True).distinct())
                - {""}
            ),
            "chosen_language": chosen["language"],
            "can_add": access.is_researcher(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_new(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.is_researcher())
    form = _researched(SourceForm(request.POST or None, request.FILES or None), access)
    if request.method == "GET":
        form.start_on(request.GET.get("partnership", ""), request.GET.get("side", ""))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                extracted = extract_text(upload.read(), upload.name)
                text, filename, fmt = extracted.text, upload.name, extracted.format
            else:
                text, filename, fmt = form.cleaned_data["text"], "", "text"
        except ExtractionError as error:
            form.add_error("file", str(error))
        else:
            with transaction.atomic():
                source = form.save()
                add_version(source, text, user=request.user, filename=filename, format=fmt)
            messages.success(request, gettext("Added %(source)s.") % {"source": named(source)})
            return redirect("source", key=source.key)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "evidence/source_form.html", {"form": form, "title": gettext("New source")}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, key: str) -> HttpResponse:
    source = get_object_or_404(Source, key=key)
    access = Access.of(request.user)
    require(access.can_manage_source(source))
    form = _researched(SourceForm(request.POST or None, instance=source, with_text=False), access)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            conflict = form.changed_since_opened()
            if not conflict:
                form.save()
        if not conflict:
            return redirect("source", key=source.key)
    status = 409 if form.conflicted else 400 if request.method == "POST" else 200
    context = {"form": form, "title": gettext("Edit source"), "source": source}
    return render(request, "evidence/source_form.html", context, status=status)


def _researched(form: Any, access: Access) -> Any:
    """A source or respondent form offering only the partnerships this user researches."""
    if access.is_admin:
        return form
    form.limit_partnerships(access.partnership_ids([Role.RESEARCHER]))  # the others' links are kept
    form.fields["respondent"].queryset = access.respondents(form.fields["respondent"].queryset)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def source_text(request: HttpRequest, key: str) -> HttpResponse:
    """Edit the text: a new version; codings on changed words are flagged, the rest move along."""
    source = get_object_or_404(Source, key=key)
    require(Access.of(request.user).can_manage_source(source))
    form = NewVersionForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if form.changed_since_opened():
                return render(
                    request, "evidence/source_text.html", {"form": form, "source": source}, status=409
                )
            change = add_version(source, form.cleaned_data["text"], user=request.user)
        messages.success(
            request,
            gettext(
                "Saved version %(number)s: %(moved)s codings moved with their words, %(flagged)s need review."
            )
            % {"number": change.version.number, "moved": change.moved, "flagged": change.flagged},
        )
        return redirect("source", key=source.key)
    return render(request, "evidence/source_text.html", {"form": form, "source": source})


@login_required
def source_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A source's text on the coding workbench (``workbench``): its codings marked in the text and in
    the margin, the codes to apply, the list of codings to change or remove."""
    source = get_object_or_404(
        Source.objects.select_related("respondent", "side__municipality").prefetch_related("partnerships"),
        key=key,
    )
    access = Access.of(request.user)
    require(access.can_view_source(source))
    requested = _requested_passage(request)
    shown = workbench.Shown.from_query(request.GET)
    # The list's first codings come with the page, the rest when the page asks (all without script).
    first = (
        None
        if request.GET.get("codings") == "all" or getattr(request, "htmx", False)
        else workbench.LIST_FIRST
    )
    version = source.current  # (read once: the text is tens of thousands of characters)
    parts = workbench.parts(
        request, source, access, focus=requested, shown=shown, list_first=first, version=version
    )
    focus = requested if requested in parts["order"] else None
    can_code = access.can_code_source(source)
    if getattr(request, "htmx", False):
        # The page's script asks again for the parts codings change (the assistant added one).
        parts.update(source=source, can_code=can_code, can_manage=access.can_manage_source(source))
        return render(request, "evidence/_workbench_parts.html", parts)
    sides = [
        side
        for partnership in source.partnerships.all()
        for side in partnership.sides.select_related("municipality")
    ]
    proposed = _proposed(request, source, version) if can_code else None
    tree = workbench.code_tree(parts["in_source"])
    flagged = access.codings_on(source, Coding.objects.filter(version__source=source, needs_review=True))
    flagged = flagged.select_related("code", "version")
    context = {
        **parts,
        "source": source,
        "version": version,
        "tree": tree,
        "tree_items": workbench.tree_html(tree, proposed["code"] if proposed else None),
        "assessments": vocabulary("assessment"),
        "roles": vocabulary("factor_role"),
        "sides": sides,
        "countries": side_countries(source),
        "several_partnerships": len(source.partnerships.all()) > 1,
        "projects": Project.objects.filter(partnership__in=source.partnerships.all()).select_related(
            "partnership"
        ),
        "flagged": flagged,
        "memos": source.memos.select_related("author"),
        "focus": focus,
        "requested": requested,
        "can_code": can_code,
        "can_manage": access.can_manage_source(source),
        "codes_blind": access.codes_blind(source),
    }
    context["proposed"] = proposed
    return render(request, "evidence/source_detail.html", context)


def _proposed(request: HttpRequest, source: Source, version: SourceVersion | None) -> dict[str, Any] | None:
    """A coding proposed by a link (the assistant's suggestion opened to be edited, without script):
    ``start`` and ``end`` in UTF-16 units of the text as this reader is shown it, a code, grades.
    The words are found here, so the link need not carry them (nor a server's log keep them)."""
    start, end = parse_id(request.GET.get("start", "")), parse_id(request.GET.get("end", ""))
    if start is None or end is None or version is None:
        return None
    shown = reader_of(request).replaced(version.text, source).text
    try:
        quote = shown[utf16_to_codepoint(shown, start) : utf16_to_codepoint(shown, end)]
    except OffsetError:
        return None
    if not quote:
        return None
    return {
        "start": start,
        "end": end,
        "quote": quote,
        "code": parse_id(request.GET.get("code", "")),
        "assessment": request.GET.get("assessment", ""),
        "factor_role": request.GET.get("factor_role", ""),
    }


def _requested_passage(request: HttpRequest) -> int | None:
    """The coding a link asked to show (``?passage=<id>``): marked in the text, or among those to review."""
    return parse_id(request.GET.get("passage", ""))


def memo_base(memo: str) -> str:
    """The token the memo form of a coding with this memo carries (``base``), as a script may send it."""
    return fingerprint(Coding(memo=memo), fields=CodingMemoForm.watched)


@login_required
@require_POST
def coding_memo(request: HttpRequest, pk: int) -> HttpResponse:
    """Add, change or clear the memo of a coding; refused if someone changed it since the page was shown."""
    coding = get_object_or_404(Coding.objects.select_related("version__source"), pk=pk)
    require(Access.of(request.user).can_change_coding(coding))
    back = redirect(reverse("source", args=[coding.version.source.key]) + f"#c{coding.pk}")
    form = CodingMemoForm(request.POST, coding=coding)
    with transaction.atomic():
        refused = not form.is_valid() or form.changed_since_opened()
        changed = not refused and form.save()
    if refused:
        messages.error(request, problems(form))
    elif changed:
        messages.success(
            request, gettext("Saved the memo.") if form.cleaned_data["memo"] else gettext("Removed the memo.")
        )
    return back


@login_required
def codebook_view(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_read_evidence())
    visible = access.codings(Coding.objects.all())
    # COUNT(*), not of the ids: SQLite reads each id from the index to see it is not empty
    # (the whole codebook's 270,000 codings counted in 12 ms instead of 19).
    counts = dict(visible.order_by().values_list("code_id").annotate(n=Count("*")))
    # Each row's links from one reversed URL each: reversing two a row was a fifth of the page's time.
    passages, edit = (
        reverse(name, args=[MAX_ID]).replace(str(MAX_ID), "{}") for name in ("code-passages", "code-edit")
    )
    rows = [
        {
            "code": c,
            "depth": d,
            "count": counts.get(c.pk, 0),
            "passages": passages.format(c.pk),
            "edit": edit.format(c.pk),
        }
        for c, d in codebook.code_tree()
    ]
    can_edit = access.can_edit_codebook()
    context = {"rows": rows, "table": codebook_rows(rows, can_edit=can_edit), "can_edit": can_edit}
    return render(request, "evidence/codebook.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def code_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(Access.of(request.user).can_edit_codebook())
    code = get_object_or_404(Code, pk=pk) if pk else None
    form = CodeForm(request.POST or None, instance=code)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save(commit=False)
            codebook.move_code(saved, saved.parent)
        except ValidationError as error:
            form.add_error("parent", error)
        else:
            return redirect("codebook")
    merge = MergeForm() if code else None
    status = 400 if request.method == "POST" else 200
    return render(
        request, "evidence/code_form.html", {"form": form, "code": code, "merge": merge}, status=status
    )


@login_required
@require_POST
def code_merge(request: HttpRequest, pk: int) -> HttpResponse:
    require(Access.of(request.user).can_edit_codebook())
    code = get_object_or_404(Code, pk=pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            moved = codebook.merge_codes(code, form.cleaned_data["into"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("code-edit", pk=code.pk)
        messages.success(request, gettext("Merged; %(count)s codings moved.") % {"count": moved})
    return redirect("codebook")


@login_required
def code_passages(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_read_evidence())
    # (its path, in the title and heading, with it)
    code = get_object_or_404(Code.objects.select_related("parent__parent"), pk=pk) if pk else None
    passage_filter = PassageFilter.from_query(request.GET)
    include_subcodes = request.GET.get("subcodes") != "0"
    reader = reader_of(request)
    found = access.codings(passages(code, passage_filter, include_subcodes=include_subcodes))
    found = without_hidden_names(found, passage_filter.text, reader)
    page = passage_page(found, request.GET.get("page"))
    readable = list(access.partnerships(Partnership.objects.order_by("name")))
    context = {
        "code": code,
        "items": passage_items(page, reader),
        "memos": access.code_memos(code.memos.select_related("author", "partnership")) if code else [],
        "memo_partnerships": _memo_partnerships(access, readable),
        "page": page,
        "filter": passage_filter,
        "partnerships": readable,
        "actor_types": vocabulary("actor_type"),
        "project_types": vocabulary("project_type"),
        "source_kinds": vocabulary("source_kind"),
    }
    return render(request, "evidence/passages.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def respondent_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_see_respondents())
    respondent = get_object_or_404(access.respondents(Respondent.objects.all()), key=key) if key else None
    form = RespondentForm(request.POST or None, instance=respondent)
    if not access.is_admin:
        sides = model_choice(form.fields["side"])
        sides.queryset = offered(sides).filter(partnership__in=access.partnership_ids([Role.RESEARCHER]))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            real_name = form.cleaned_data["real_name"].strip()
            if real_name:
                RespondentIdentity.objects.update_or_create(
                    respondent=saved, defaults={"real_name": real_name}
                )
            else:
                RespondentIdentity.objects.filter(respondent=saved).delete()
        return redirect("respondents")
    status = 400 if request.method == "POST" else 200
    title = gettext("Edit respondent") if respondent else gettext("New respondent")
    return render(request, "evidence/respondent_form.html", {"form": form, "title": title}, status=status)


@login_required
def respondent_list(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_see_respondents())
    respondents = access.respondents(Respondent.objects.all())
    respondents = respondents.select_related("side__municipality", "side__partnership", "identity")
    return render(request, "evidence/respondent_list.html", {"respondents": respondents})


@login_required
def matrix_view(request: HttpRequest) -> HttpResponse:
    from mutuality.evidence.matrix import ATTRIBUTES, build_matrix
    from mutuality.formats.matrix_sheets import matrix_csv, matrix_xlsx

    attribute = request.GET.get("by", "partnership")
    if attribute not in ATTRIBUTES:
        return HttpResponseBadRequest(gettext("Unknown attribute %(name)s.") % {"name": attribute})
    access = Access.of(request.user)
    require(access.can_read_evidence())
    passage_filter = PassageFilter.from_query(request.GET)
    codings = access.codings(Coding.objects.all())
    if passage_filter.as_query():
        # Filter by id: a DISTINCT query would collapse the (code, value) pairs being counted.
        codings = codings.filter(pk__in=passage_filter.apply(Coding.objects.all()).values("pk"))
        codings = without_hidden_names(codings, passage_filter.text, reader_of(request))
    matrix = build_matrix(codings, attribute)
    export = request.GET.get("format")
    if export == "csv":
        response = HttpResponse(matrix_csv(matrix), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="matrix-codes-by-{attribute}.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(
            matrix_xlsx(matrix),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="matrix-codes-by-{attribute}.xlsx"'
        return response
    context = {
        "matrix": matrix,
        "rows": _matrix_rows(matrix, attribute, passage_filter.as_query()),
        "attributes": ATTRIBUTES.values(),
        "chosen": attribute,
        "filter": passage_filter,
        "filter_query": passage_filter.as_query(),
    }
    return render(request, "evidence/matrix.html", context)


def _matrix_rows(matrix: Matrix, attribute: str, filter_query: dict[str, str]) -> list[dict[str, Any]]:
    """The matrix's rows for the page: each cell shaded by its count and linked to the passages it counts.

    A cell of values not recorded has no link: an empty filter means "any", which would list more
    passages than the cell counts.
    """
    largest = max(matrix.table.cells.values(), default=0)
    rows = []
    for row in matrix.rows():
        code = row["code"]
        cells = []
        for value, count in row["cells"]:
            url = ""
            if count and value not in (None, ""):
                query = {"subcodes": "0", **filter_query, attribute: str(value)}
                url = reverse("code-passages", args=[code.pk]) + "?" + urlencode(query)
            cells.append({"count": count, "heat": heat_step(count, largest), "url": url})
        rows.append({"code": code, "cells": cells, "total": row["total"]})
    return rows


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    from mutuality.web.evidence.search import search_memos, search_sources

    access = Access.of(request.user)
    require(access.can_read_evidence())
    query = request.GET.get("q", "")
    # Found and quoted in the texts as this reader may read them: a name they may not see is not found.
    reader = reader_of(request)
    memos, coding_memos = search_memos(query, access, shown=reader.text)
    results = search_sources(query, access, shown=lambda source, text: reader.text(text, source))
    context = {"query": query, "results": results, "memos": memos, "coding_memos": coding_memos}
    return render(request, "evidence/search.html", context)


@login_required
@require_POST
def memo_add(request: SignedInRequest, ident: str | int, target: str) -> HttpResponse:
    """Add a memo to a source (by key) or a code (by id)."""
    from mutuality.evidence.models import Memo

    text = request.POST.get("text", "").strip()
    access = Access.of(request.user)
    if target == "source":
        source = get_object_or_404(Source, key=ident)
        require(access.can_code_source(source))
        back = redirect("source", key=source.key)
        memo = Memo(source=source, text=text, author=request.user)
    else:
        code = get_object_or_404(Code, pk=ident)
        require(access.can_edit_codebook())
        back = redirect("code-passages", pk=code.pk)
        choices = {p.key: p for p in _memo_partnerships(access)}
        chosen = request.POST.get("partnership", "")
        if chosen not in choices and not (access.is_admin and not chosen):
            return HttpResponseBadRequest(gettext("Say which partnership's evidence the memo is about."))
        memo = Memo(code=code, text=text, author=request.user, partnership=choices.get(chosen))
    if not text:
        messages.error(request, gettext("A memo needs some text."))
    else:
        memo.save()
    return back


def _memo_partnerships(access: Access, readable: list[Partnership] | None = None) -> list[Partnership]:
    """The partnerships a code's memo by this user may be about: those they research (all, for an
    administrator, who may also write one about no partnership, read by administrators only).
    Taken from ``readable`` (the partnerships they may read, by name) when the page has read them."""
    if readable is not None:
        researched_ids = None if access.is_admin else set(access.partnership_ids([Role.RESEARCHER]))
        return [p for p in readable if researched_ids is None or p.pk in researched_ids]
    researched = (
        Partnership.objects.all()
        if access.is_admin
        else Partnership.objects.filter(pk__in=access.partnership_ids([Role.RESEARCHER]))
    )
    return list(researched.order_by("name"))


def _matrix_codes(request: HttpRequest) -> list[Code]:
    from mutuality.evidence.framework_matrix import default_codes

    chosen = parse_ids(request.GET.getlist("code"))
    if not chosen:
        return default_codes()
    codes = Code.objects.in_bulk(chosen)
    return [codes[pk] for pk in chosen if pk in codes]


def _hide_names(request: HttpRequest, cells: list[Any]) -> None:
    """The framework matrix's passages (quotes and source titles) as the reader may read them."""
    reader = reader_of(request)
    done: set[int] = set()
    for cell in cells:
        for passage in cell.passages:
            if id(passage) not in done:
                done.add(id(passage))
                passage["quote"] = reader.text(passage["quote"], passage["source_id"])
                passage["title"] = reader.text(passage["title"], passage["source_id"])


@login_required
def framework_matrix_view(request: HttpRequest) -> HttpResponse:
    from mutuality.evidence.framework_matrix import build
    from mutuality.formats.matrix_sheets import grid_xlsx

    access = Access.of(request.user)
    require(access.can_read_evidence())
    codes = _matrix_codes(request)
    by_side = request.GET.get("rows") == "sides"
    partnerships = list(
        access.partnerships(Partnership.objects.all()).prefetch_related("sides__municipality")
    )
    codings = access.codings(Coding.objects.all())
    grid = build(by_side, codes, None if access.is_admin else partnerships, codings)
    _hide_names(request, [cell for row in grid for cell in row])
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            grid_xlsx(grid, codes),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="framework-matrix.xlsx"'
        return response
    context = {"grid": grid, "codes": codes, "by_side": by_side, "all_codes": codebook.code_tree()}
    return render(request, "evidence/framework_matrix.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def framework_cell_edit(
    request: SignedInRequest, partnership: str, code: int, side: str | None = None
) -> HttpResponse:
    from mutuality.evidence.framework_matrix import build
    from mutuality.evidence.models import FrameworkCell

    case_partnership = get_object_or_404(Partnership, key=partnership)
    case_side = get_object_or_404(case_partnership.sides, municipality__key=side) if side else None
    access = Access.of(request.user)
    require(access.can_view_partnership(case_partnership))
    if request.method == "POST":
        require(access.can_assess(case_partnership, case_side))
    column = get_object_or_404(Code, pk=code)
    note = FrameworkCell.objects.filter(partnership=case_partnership, side=case_side, code=column).first()
    if request.method == "POST":
        assessment = request.POST.get("assessment", "")
        if assessment and assessment not in vocabulary("assessment"):
            return HttpResponseBadRequest(gettext("Unknown assessment %(value)s.") % {"value": assessment})
        note = note or FrameworkCell(partnership=case_partnership, side=case_side, code=column)
        note.summary, note.assessment, note.author = (
            request.POST.get("summary", "").strip(),
            assessment,
            request.user,
        )
        note.save()
        messages.success(request, gettext("Saved the cell."))
        query = "?rows=sides" if case_side else ""
        return redirect(reverse("framework-matrix") + query)
    cases = build(case_side is not None, [column], [case_partnership], access.codings(Coding.objects.all()))
    _hide_names(request, [cell for row in cases for cell in row])
    cell = next(row[0] for row in cases if (row[0].case.side == case_side))
    context = {
        "cell": cell,
        "note": note,
        "assessments": vocabulary("assessment"),
        "can_assess": access.can_assess(case_partnership, case_side),
    }
    return render(request, "evidence/framework_cell.html", context)

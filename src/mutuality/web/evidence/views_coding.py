"""Coding on the workbench: add codings to a selection, change one, move its edges by a word, remove
it, and undo the last of these.

Each answers a page's script (htmx) with the parts of the workbench that changed
(``evidence/_workbench_parts.html``), and a form sent without script with the source page again, so
the page stays usable without JavaScript. Every change is saved through the models, so the history
records it as any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.accounts.access import Access, require
from mutuality.evidence.models import Code, Coding, Source, SourceVersion
from mutuality.framework import vocabulary
from mutuality.ids import parse_id, parse_ids
from mutuality.partnerships.models import Project
from mutuality.partnerships.naming import shortened
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence import workbench
from mutuality.web.evidence.forms import CodingForm, problems, side_countries
from mutuality.web.evidence.forms_coding import CHANGED_FIELDS, CodingChangeForm, EdgeForm


def _answer(
    request: HttpRequest,
    source: Source,
    message: str,
    *,
    error: bool = False,
    changed_codes: set[int] | None = None,
    focus: int | None = None,
    items: list[tuple[int, str]] | None = None,
    editor: Coding | None = None,
    touched: dict[int, workbench.Placed | None] | None = None,
    version: SourceVersion | None = None,
    known: Iterable[Coding] = (),
) -> HttpResponse:
    """The workbench's changed parts for the page's script; the source page again for a plain form.

    ``items`` are the codings of the list to send alone, each with how it goes in: ``"added"`` (in
    its place in the order of the text), ``"changed"`` (instead of itself) or ``"delete"``; without
    them the whole list is sent. ``editor``: a coding whose form stays open, sent again as it is now.
    ``touched``: the codings changed, with where each was before (None: new), so that only the text
    and stripes around them are sent again; without it, the whole text and margin. ``version``:
    the source's current version, when the view has read it already (its text is long); ``known``:
    the codings just saved, whole, which the list then shows without reading them again.
    """
    if not getattr(request, "htmx", False):
        (messages.error if error else messages.success)(request, message)
        anchor = f"#c{focus}" if focus else ""
        return redirect(reverse("source", args=[source.key]) + anchor)
    access = Access.of(request.user)
    context = workbench.parts(
        request,
        source,
        access,
        focus=focus,
        shown=workbench.Shown.from_query(request.GET),
        changed_codes=changed_codes or set(),
        full=items is None,
        listed=[pk for pk, how in items or () if how != "delete"],
        touched=touched,
        version=version,
        known=known,
    )
    context.update(source=source, message=message, error=error, can_code=access.can_code_source(source))
    context["can_manage"] = access.can_manage_source(source)
    context["list_items"] = _list_items(context, items) if items is not None else None
    if items is not None and context["list_items"] is None:  # the list was empty, or is now: all of it
        context.update(
            workbench.parts(
                request,
                source,
                access,
                focus=focus,
                shown=workbench.Shown.from_query(request.GET),
                touched=touched,
                version=version,
            )
        )
        context["changed_counts"] = [
            {"code": pk, "in_source": context["in_source"].get(pk, 0)} for pk in sorted(changed_codes or ())
        ]
    if editor is not None:
        form = CodingChangeForm(coding=editor)
        context["editor"] = render_to_string(
            "evidence/_coding_change.html", _change_context(request, editor, form), request=request
        )
    return render(request, "evidence/_workbench_parts.html", context)


def _list_items(context: dict[str, Any], items: list[tuple[int, str]]) -> list[str] | None:
    """The list's items to swap in alone, or None when the whole list must go (it was empty, or is now)."""
    order: list[int] = context["order"]
    if not order or (len(order) == 1 and any(how == "added" for _pk, how in items)):
        return None
    index_of = {pk: index for index, pk in enumerate(order)}
    read = {coding.pk: coding for coding in context["codings"]}
    item = context["items"]
    sent: list[str] = []
    for pk, how in items:
        if how == "delete":
            sent.append(format_html('<li id="c{}" hx-swap-oob="delete"></li>', pk))
        elif pk in index_of and pk in read:  # shown (not narrowed away by the choice of codes or coder)
            index = index_of[pk]
            if how == "changed":
                sent.append(item(read[pk], focus=context["focus"], swap="true"))
            else:
                # Inserted beside another element, htmx puts in what the element holds: a wrapper.
                place = f"afterend:#c{order[index - 1]}" if index else "afterbegin:#codings-list"
                added = item(read[pk], focus=context["focus"])
                sent.append(format_html('<div hx-swap-oob="{}">{}</div>', place, added))
    return sent


@login_required
@require_POST
def coding_create(request: HttpRequest, key: str) -> HttpResponse:
    """Apply codes to a selection sent in the browser's UTF-16 offsets, checked against its words.

    The offsets count in the text as the coder was shown it (names replaced unless they may read
    them); the coding is placed on the stored text's words, a replacement standing for its name.
    """
    source = get_object_or_404(Source, key=key)
    require(Access.of(request.user).can_code_source(source))
    form = CodingForm(request.POST, source=source, reader=reader_of(request), coder=request.user)
    if form.is_valid():
        codings = form.save()
        workbench.remember(request, source, "coded", [{"pk": coding.pk} for coding in codings])
        workbench.remember_code(request, [coding.code_id for coding in codings])
        message = gettext("Coded “%(quote)s”.") % {"quote": shortened(form.shown_quote)}
        changed = {coding.code_id for coding in codings}
        added = [(coding.pk, "added") for coding in codings]
        new: dict[int, workbench.Placed | None] = {coding.pk: None for coding in codings}
        return _answer(
            request,
            source,
            message,
            changed_codes=changed,
            focus=codings[0].pk,
            items=added,
            touched=new,
            version=form.version,
            known=form.listed(),
        )
    if form.only_codes_missing() or getattr(request, "htmx", False):
        return _answer(request, source, problems(form), error=True, touched={}, version=form.version)
    return HttpResponseBadRequest(problems(form))


def _own_coding(request: HttpRequest, pk: int, *, deleting: bool = False) -> Coding:
    coding = get_object_or_404(Coding.objects.select_related("version__source", "code"), pk=pk)
    access = Access.of(request.user)
    require(access.can_delete_coding(coding) if deleting else access.can_change_coding(coding))
    return coding


@login_required
@require_http_methods(["GET", "POST"])
def coding_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a coding's code, assessment, role, whose learning, projects and memo.

    Asked for by the page's script, the form comes alone, to be shown beside the codings; without
    script it is a page of its own.
    """
    coding = _own_coding(request, pk)
    source = coding.version.source
    before = workbench.snapshot(coding)
    form = CodingChangeForm(request.POST or None, coding=coding)
    if request.method == "POST":
        with transaction.atomic():
            saved = form.is_valid() and not form.changed_since_opened() and form.save()
        if saved:
            workbench.remember(request, source, "changed", [before])
            changed = {before["code_id"], coding.code_id}
            was = workbench.was_placed(before, coding.coder.get_username())
            return _answer(
                request,
                source,
                gettext("Saved the change."),
                changed_codes=changed,
                focus=coding.pk,
                touched={coding.pk: was},
            )
        if getattr(request, "htmx", False):
            coding.refresh_from_db()
    context = _change_context(request, coding, form)
    if getattr(request, "htmx", False):
        return render(request, "evidence/_coding_change.html", context, status=200)
    status = 409 if form.conflicted else 400 if request.method == "POST" else 200
    return render(request, "evidence/coding_change.html", context, status=status)


def _change_context(request: HttpRequest, coding: Coding, form: CodingChangeForm) -> dict[str, Any]:
    from mutuality.evidence.codebook import code_tree

    source = coding.version.source
    partnerships = source.partnerships.all()
    return {
        "coding": coding,
        "source": source,
        "form": form,
        "quote": reader_of(request).text(coding.quote, source),
        "codes": [(code, "\u00a0\u00a0" * depth) for code, depth in code_tree()],
        "assessments": vocabulary("assessment"),
        "roles": vocabulary("factor_role"),
        "sides": [
            side for partnership in partnerships for side in partnership.sides.select_related("municipality")
        ],
        "countries": side_countries(source),
        "projects": Project.objects.filter(partnership__in=partnerships).select_related("partnership"),
        "chosen_projects": set(form["projects"].value() or []),
        "edge_buttons": workbench.EDGE_BUTTONS,
    }


@login_required
@require_POST
def coding_edge(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the start or the end of a coding by one word, earlier or later."""
    coding = _own_coding(request, pk)
    source = coding.version.source
    form = EdgeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(problems(form))
    before = workbench.snapshot(coding)
    start, end = form.moved(coding)
    if (start, end) == (coding.start, coding.end):
        message = gettext("There is no word to move to.")
        return _answer(
            request, source, message, error=True, focus=coding.pk, items=[], editor=coding, touched={}
        )
    coding.start, coding.end = start, end
    coding.save()
    workbench.remember(request, source, "changed", [before])
    message = gettext("The coding now reads “%(quote)s”.") % {
        "quote": shortened(reader_of(request).text(coding.quote, source))
    }
    was = workbench.was_placed(before, coding.coder.get_username())
    return _answer(
        request,
        source,
        message,
        focus=coding.pk,
        items=[(coding.pk, "changed")],
        editor=coding,
        touched={coding.pk: was},
    )


@login_required
@require_POST
def coding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    coding = _own_coding(request, pk, deleting=True)
    source = coding.version.source
    removed = workbench.snapshot(coding)
    was = workbench.was_placed(removed, coding.coder.get_username())
    coding.delete()
    workbench.remember(request, source, "removed", [removed])
    return _answer(
        request,
        source,
        gettext("Removed the coding."),
        changed_codes={removed["code_id"]},
        items=[(removed["pk"], "delete")],
        touched={removed["pk"]: was},
    )


@login_required
@require_POST
def coding_undo(request: HttpRequest, key: str) -> HttpResponse:
    """Undo the last coding added, changed or removed on this source, if this user still may."""
    source = get_object_or_404(Source, key=key)
    access = Access.of(request.user)
    require(access.can_code_source(source))
    action = workbench.last_action(request, source)
    if action is None:
        return _answer(request, source, gettext("There is nothing to undo."), error=True, touched={})
    changed: set[int] = set()
    with transaction.atomic():
        for values in action["codings"]:
            changed |= _undo_one(access, action["action"], values)
    workbench.forget(request)
    return _answer(request, source, gettext("Undone."), changed_codes=changed)


def _undo_one(access: Access, action: str, values: dict[str, Any]) -> set[int]:
    """Undo one coding's part of an action; the codes whose counts changed. A coding gone or
    changed by someone else since, or no longer this user's to change, is left as it is."""
    coding = Coding.objects.select_related("version__source", "code").filter(pk=values["pk"]).first()
    if action == "coded":
        if coding is None or not access.can_delete_coding(coding):
            return set()
        coding.delete()
        return {coding.code_id}
    if action == "changed":
        if coding is None or not access.can_change_coding(coding):
            return set()
        was = coding.code_id
        for name in (*CHANGED_FIELDS, "start", "end"):
            setattr(coding, name, values[name])
        coding.save()
        coding.projects.set(values["projects"])
        return {was, coding.code_id}
    if coding is not None:  # removed, and somehow there again
        return set()
    made = Coding(
        **{name: values[name] for name in (*CHANGED_FIELDS, "start", "end", "version_id", "coder_id")}
    )
    if not access.can_code_source(made.version.source):
        return set()
    made.save()
    made.projects.set(values["projects"])
    return {made.code_id}


@login_required
@require_GET
def code_counts(request: HttpRequest, key: str) -> HttpResponse:
    """How many codings of each code (or of the ``code`` ids asked for) the whole project holds, as
    this reader may see them, asked for by the source page once it is shown and after a coding
    changed some: counted apart, so a large project slows no coding."""
    source = get_object_or_404(Source, key=key)
    access = Access.of(request.user)
    require(access.can_view_source(source))
    on_source = (
        access.codings_on(source, Coding.objects.filter(version=source.current)) if source.current else None
    )
    in_source = Counter(on_source.values_list("code_id", flat=True)) if on_source is not None else Counter()
    asked = parse_ids(request.GET.getlist("code"))
    counts = workbench.project_counts(access, asked or None)
    codes = asked or Code.objects.order_by("pk").values_list("pk", flat=True)
    rows = [(pk, in_source.get(pk, 0), counts.get(pk, 0)) for pk in codes]
    return render(request, "evidence/_code_counts.html", {"counts": rows})


@login_required
@require_GET
def codings_after(request: HttpRequest, key: str) -> HttpResponse:
    """The list of a source's codings after the first ``after``, which the page holds already."""
    source = get_object_or_404(Source, key=key)
    access = Access.of(request.user)
    require(access.can_view_source(source))
    start = parse_id(request.GET.get("after", "")) or 0
    shown = workbench.Shown.from_query(request.GET)
    return HttpResponse(workbench.listed_after(request, source, access, shown, start))

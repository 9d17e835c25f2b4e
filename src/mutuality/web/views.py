"""Pages for the partnership data. Views stay thin: look up, hand to a form, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from mutuality.accounts.access import SIDE_KINDS, Access, require
from mutuality.framework import VOCABULARIES
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Objective,
    Partnership,
    Project,
    ResourceContribution,
    Side,
    SupportProgramme,
)
from mutuality.partnerships.naming import named
from mutuality.web import forms as web_forms
from mutuality.web.conflicts import Guarded


@dataclass(frozen=True)
class RecordKind:
    """A kind of record kept under a partnership, as the URLs name it."""

    model: type[models.Model]
    form: type[web_forms.PartnershipRecordForm]
    title: Any


RECORD_KINDS: dict[str, RecordKind] = {
    "actors": RecordKind(Actor, web_forms.ActorForm, _("actor")),
    "objectives": RecordKind(Objective, web_forms.ObjectiveForm, _("objective")),
    "projects": RecordKind(Project, web_forms.ProjectForm, _("project")),
    "exchanges": RecordKind(Exchange, web_forms.ExchangeForm, _("exchange")),
    "learning": RecordKind(LearningOutcome, web_forms.LearningOutcomeForm, _("learning outcome")),
    "resources": RecordKind(
        ResourceContribution, web_forms.ResourceContributionForm, _("resource contribution")
    ),
}


def home(request: HttpRequest) -> HttpResponse:
    counts = {}
    if request.user.is_authenticated:
        access = Access.of(request.user)
        visible = access.partnerships(Partnership.objects.all())
        counts = {
            "partnerships": visible.count(),
            "municipalities": Municipality.objects.count(),
            "exchanges": Exchange.objects.filter(partnership__in=visible).count(),
            "learning": LearningOutcome.objects.filter(partnership__in=visible).count(),
        }
    return render(request, "mutuality/home.html", {"counts": counts})


def framework(request: HttpRequest) -> HttpResponse:
    return render(request, "mutuality/framework.html", {"vocabularies": VOCABULARIES.values()})


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = Access.of(request.user).partnerships(Partnership.objects.all())
    partnerships = partnerships.prefetch_related("sides__municipality").annotate(
        project_count=Count("projects", distinct=True), exchange_count=Count("exchanges", distinct=True)
    )
    year = timezone.localdate().year
    rows = [(p, p.age_in_years(year)) for p in partnerships]
    return render(request, "mutuality/partnership_list.html", {"rows": rows})


@login_required
def partnership_detail(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related(
            "sides__municipality",
            Prefetch("projects", Project.objects.select_related("support_programme")),
        ),
        key=key,
    )
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    stored = list(partnership.sides.all())  # in their order: the first keeps the record
    own = _own_side(stored, access)
    sides = [
        _side_view(side, access) | {"keeps_record": side == stored[0], "own": side == own}
        for side in _reader_order(stored, own)
    ]
    exchanges = partnership.exchanges.select_related("project", "host__municipality").prefetch_related(
        "participations__side__municipality",
        "participations__actor",
        "knowledge_flows__from_side__municipality",
        "knowledge_flows__to_side__municipality",
    )
    programmes = sorted(
        {p.support_programme for p in partnership.projects.all() if p.support_programme},
        key=lambda programme: programme.name,
    )
    # (Imported here: the glance is the report's figures, which no other page of this module needs.)
    from mutuality.web.glance import reader_glance
    from mutuality.web.selfassessment.views import partnership_block

    glance = reader_glance(partnership, access, [view["side"].municipality.key for view in sides])
    return render(
        request,
        "mutuality/partnership_detail.html",
        {
            "partnership": partnership,
            "sides": sides,
            "exchanges": exchanges,
            "programmes": programmes,
            "can_manage": access.can_manage(),
            # The "make this side first" buttons (one form per side, so no ids): for whoever may edit
            # the partnership.
            "first_side_form": access.can_manage()
            and web_forms.FirstSideForm(partnership=partnership, auto_id=False),
            "can_see_members": access.is_researcher(partnership),
            "can_add": {kind: access.can_add_record(partnership, kind) for kind in RECORD_KINDS},
            "can_report": True,
            "glance": glance,
            "self_assessment": partnership_block(partnership, access, glance),
        },
    )


def _own_side(sides: list[Side], access: Access) -> Side | None:
    """The side the reader belongs to: the one side their memberships on the partnership name."""
    own = [side for side in sides if access.side_roles.get(side.pk)]
    return own[0] if len(own) == 1 else None


def _reader_order(sides: list[Side], own: Side | None) -> list[Side]:
    """The sides in their stored order, the reader's own side first.

    Only this page turns to its reader: the reports, the exports and the API keep the stored order,
    so that what one side sends the other reads as they do.
    """
    return sides if own is None else [own, *(side for side in sides if side != own)]


def _side_view(side: Any, access: Access) -> dict[str, Any]:
    """One side's records, with what this user may change on it (that side's view is its own)."""
    writable = {kind: access.writable_sides(side.partnership, kind) for kind in SIDE_KINDS}
    return {
        "side": side,
        "actors": side.actors.all(),
        "objectives": side.objectives.select_related("actor", "project"),
        "learning": side.learning_outcomes.select_related("actor", "learned_from__municipality", "project"),
        "resources": side.resources.select_related("programme", "project"),
        "can_edit": {kind: sides is None or side.pk in sides for kind, sides in writable.items()},
    }


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    require(Access.of(request.user).can_manage())
    partnership = get_object_or_404(Partnership, key=key) if key else None
    form = web_forms.PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            conflict = form.changed_since_opened()
            if not conflict:
                saved = form.save()
        if not conflict:
            messages.success(request, gettext("Saved %(name)s.") % {"name": named(saved)})
            return redirect("partnership", key=saved.key)
    title = gettext("Edit partnership") if partnership else gettext("New partnership")
    return _render_form(request, form, title, partnership)


@login_required
@require_http_methods(["POST"])
def side_first(request: HttpRequest, key: str, side: str) -> HttpResponse:
    """Make a side the partnership's first side, the one that keeps the record (``Side.position``).

    Whoever may edit the partnership may; each side whose position changes is saved, so the history
    shows the change. Refused, and nothing changed, if the order changed since the page was shown.
    """
    require(Access.of(request.user).can_manage())
    partnership = get_object_or_404(Partnership, key=key)
    chosen = get_object_or_404(partnership.sides.select_related("municipality"), municipality__key=side)
    form = web_forms.FirstSideForm(request.POST, partnership=partnership)
    with transaction.atomic():
        refused = not form.is_valid() or form.changed_since_opened()
        changed = not refused and form.save(chosen)
    if refused:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    elif changed:
        messages.success(
            request,
            gettext("%(side)s now comes first: it keeps the record of this partnership.")
            % {"side": chosen.municipality.name},
        )
    return redirect("partnership", key=partnership.key)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, key: str, kind: str, record: str | None = None) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    spec = _record_kind(kind)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    instance = get_object_or_404(spec.model, partnership=partnership, key=record) if record else None
    require(
        access.can_change_record(instance, kind) if instance else access.can_add_record(partnership, kind)
    )
    form = spec.form(
        request.POST or None,
        instance=instance,
        partnership=partnership,
        sides=access.writable_sides(partnership, kind),
    )
    if instance is None and request.method == "GET":
        form.start_on_side(request.GET.get("side", ""))
    formsets = _exchange_formsets(request, partnership, form.instance) if kind == "exchanges" else []
    verb = gettext("Edit %(kind)s") if instance else gettext("New %(kind)s")
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        with transaction.atomic():
            conflict = form.changed_since_opened()
            if not conflict:
                if instance is None and hasattr(form.instance, "created_by_id"):
                    form.instance.created_by = request.user
                saved = form.save()
                for formset in formsets:
                    formset.instance = saved
                    formset.save()
        if not conflict:
            messages.success(request, gettext("Saved %(record)s.") % {"record": named(saved)})
            return redirect("partnership", key=partnership.key)
    return _render_form(request, form, verb % {"kind": spec.title}, partnership, formsets)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, key: str, kind: str, record: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    instance = get_object_or_404(_record_kind(kind).model, partnership=partnership, key=record)
    require(access.can_change_record(instance, kind))
    if request.method == "POST":
        instance.delete()
        messages.success(request, gettext("Deleted %(record)s.") % {"record": named(instance)})
        return redirect("partnership", key=partnership.key)
    return render(request, "mutuality/confirm_delete.html", {"partnership": partnership, "record": instance})


def _record_kind(kind: str) -> RecordKind:
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        raise Http404(kind) from None


def _exchange_formsets(request: HttpRequest, partnership: Partnership, exchange: Exchange) -> list[Any]:
    data = request.POST if request.method == "POST" else None
    options: dict[str, Any] = {"instance": exchange, "form_kwargs": {"partnership": partnership}}
    return [
        web_forms.ParticipationFormSet(data, prefix="participants", **options),
        web_forms.KnowledgeFlowFormSet(data, prefix="knowledge", **options),
    ]


def _render_form(
    request: HttpRequest,
    form: Guarded,
    title: str,
    partnership: Partnership | None = None,
    formsets: list[Any] | None = None,
) -> HttpResponse:
    """The form page: refused with 409 when the record changed meanwhile, 400 when the form was wrong."""
    status = 409 if form.conflicted else 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "title": title,
        "partnership": partnership,
        "formsets": formsets or [],
        # Only a submitted form is refused: an unbound formset is never "valid", which once put the
        # error banner on every blank new exchange.
        "refused": any(part.is_bound and not part.is_valid() for part in [form, *(formsets or [])]),
    }
    return render(request, "mutuality/form.html", context, status=status)


@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.annotate(partnership_count=Count("sides"))
    return render(request, "mutuality/municipality_list.html", {"municipalities": municipalities})


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = SupportProgramme.objects.annotate(project_count=Count("projects"))
    return render(request, "mutuality/programme_list.html", {"programmes": programmes})


def _simple_edit(
    model: type[models.Model],
    form_class: type[web_forms.MunicipalityForm | web_forms.SupportProgrammeForm],
    list_url: str,
    new_title: Any,
    edit_title: Any,
) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, key: str | None = None) -> HttpResponse:
        require(Access.of(request.user).can_manage())
        instance = get_object_or_404(model, key=key) if key else None
        form = form_class(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                conflict = form.changed_since_opened()
                if not conflict:
                    saved = form.save()
            if not conflict:
                messages.success(request, gettext("Saved %(record)s.") % {"record": named(saved)})
                return redirect(list_url)
        return _render_form(request, form, str(edit_title if instance else new_title))

    return view


municipality_edit = _simple_edit(
    Municipality, web_forms.MunicipalityForm, "municipalities", _("New municipality"), _("Edit municipality")
)
programme_edit = _simple_edit(
    SupportProgramme,
    web_forms.SupportProgrammeForm,
    "programmes",
    _("New support programme"),
    _("Edit support programme"),
)

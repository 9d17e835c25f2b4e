"""Pages for accounts: login, invitations, a partnership's members and coders, organisations.

Every view asks :class:`~mutuality.accounts.access.Access`; the templates only
show or hide what the view has already decided.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from mutuality.accounts import throttle
from mutuality.accounts.access import Access, require
from mutuality.accounts.forms import (
    AcceptInvitationForm,
    AssignmentForm,
    InvitationForm,
    MembershipForm,
    OrganisationForm,
)
from mutuality.accounts.models import Assignment, Invitation, Membership, Organisation
from mutuality.partnerships.models import Partnership

# --- logging in -------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page, saying what is locked (the username, the address) and until when
    (django-axes calls this when it refuses a login; accounts/throttle.py)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(
        request, initial={"username": username}
    )  # unbound: checking it would count a failure
    context = {
        "form": form,
        "locked_out": True,
        "locks": throttle.locks(request, credentials),
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the reset email also lifts a lock on the username."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        throttle.lift_username_lock(form.user.get_username())
        return response


# --- invitations ------------------------------------------------------------------------------


def _invalid_invitation(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", status=410)


def _claim(invitation: Invitation, user: Any) -> bool:
    """Mark the invitation used, unless another request did first or it expired meanwhile."""
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    return claimed == 1


def _join(invitation: Invitation, user: Any) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user,
        partnership=invitation.partnership,
        side=invitation.side,
        role=invitation.role,
        defaults={"organisation": invitation.organisation},
    )
    return membership


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: choose a login (or, logged in, accept with the current account)."""
    invitation = Invitation.find(token)
    if invitation is None:
        return _invalid_invitation(request)
    context: dict[str, Any] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.method == "POST":
            with transaction.atomic():
                if not _claim(invitation, request.user):
                    return _invalid_invitation(request)
                _join(invitation, request.user)
            messages.success(
                request,
                gettext("You are now a member of %(partnership)s.") % {"partnership": invitation.partnership},
            )
            return redirect("partnership", invitation.partnership.key)
        return render(request, "accounts/invitation_accept.html", context)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not _claim(invitation, None):
                return _invalid_invitation(request)
            user = form.save()
            Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
            _join(invitation, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            gettext("Welcome, %(username)s. Your account is ready.") % {"username": user.get_username()},
        )
        return redirect("partnership", invitation.partnership.key)
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _send_invitation(request: HttpRequest, invitation: Invitation, link: str) -> bool:
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": request.user,
        "days": settings.INVITATION_DAYS,
    }
    subject = gettext("Invitation to %(partnership)s in Mutuality") % {"partnership": invitation.partnership}
    body = render_to_string("accounts/invitation_email.txt", context, request=request)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:  # smtplib's errors included
        return False
    return True


@login_required
@require_POST
def invitation_new(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).can_manage())
    form = InvitationForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _members_page(request, partnership, invitation_form=form, status=400)
    invitation, token = Invitation.issue(
        days=settings.INVITATION_DAYS, created_by=request.user, partnership=partnership, **form.cleaned_data
    )
    link = request.build_absolute_uri(reverse("invitation-accept", args=[token]))
    emailed = _send_invitation(request, invitation, link)
    context = {"partnership": partnership, "invitation": invitation, "link": link, "emailed": emailed}
    return render(request, "accounts/invitation_sent.html", context)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).can_manage())
    invitation = get_object_or_404(Invitation, pk=pk, partnership=partnership)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(expires_at=timezone.now())
    messages.success(
        request, gettext("The invitation for %(email)s no longer works.") % {"email": invitation.email}
    )
    return redirect("members", partnership.key)


# --- a partnership's members and coders ---------------------------------------------------------


def _members_page(
    request: HttpRequest, partnership: Partnership, status: int = 200, **forms: Any
) -> HttpResponse:
    access = Access.of(request.user)
    can_manage = access.can_manage()
    can_assign = access.is_researcher(partnership)
    memberships = partnership.memberships.select_related(
        "user", "side__municipality", "organisation"
    ).order_by("user__username", "role")
    assignments = (
        Assignment.objects.filter(source__partnerships=partnership)
        .select_related("source", "coder")
        .order_by("source__title", "coder__username")
    )
    context: dict[str, Any] = {
        "partnership": partnership,
        "memberships": memberships,
        "assignments": assignments,
        "can_manage": can_manage,
        "can_assign": can_assign,
    }
    if can_manage:
        context["membership_form"] = forms.get("membership_form") or MembershipForm(partnership=partnership)
        context["invitation_form"] = forms.get("invitation_form") or InvitationForm(partnership=partnership)
        context["invitations"] = partnership.invitations.filter(
            accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("side__municipality", "organisation")
    if can_assign:
        context["assignment_form"] = forms.get("assignment_form") or AssignmentForm(partnership=partnership)
    return render(request, "accounts/members.html", context, status=status)


@login_required
def members(request: HttpRequest, key: str) -> HttpResponse:
    """Who holds which role on the partnership: for its researchers to read, the administrator to change."""
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).is_researcher(partnership))
    return _members_page(request, partnership)


@login_required
@require_POST
def member_add(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).can_manage())
    form = MembershipForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _members_page(request, partnership, membership_form=form, status=400)
    membership = form.save()
    messages.success(request, gettext("Added: %(membership)s.") % {"membership": membership})
    return redirect("members", partnership.key)


@login_required
@require_POST
def member_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).can_manage())
    membership = get_object_or_404(Membership, pk=pk, partnership=partnership)
    membership.delete()
    messages.success(request, gettext("Removed: %(membership)s.") % {"membership": membership})
    return redirect("members", partnership.key)


@login_required
@require_POST
def assignment_add(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.is_researcher(partnership))
    form = AssignmentForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _members_page(request, partnership, assignment_form=form, status=400)
    require(access.can_manage_source(form.cleaned_data["source"]))
    assignment = form.save(commit=False)
    assignment.assigned_by = request.user
    assignment.save()
    messages.success(request, gettext("Assigned: %(assignment)s.") % {"assignment": assignment})
    return redirect("members", partnership.key)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.is_researcher(partnership))
    assignment = get_object_or_404(
        Assignment.objects.select_related("source", "coder"), pk=pk, source__partnerships=partnership
    )
    require(access.can_manage_source(assignment.source))
    assignment.delete()
    messages.success(request, gettext("No longer assigned: %(assignment)s.") % {"assignment": assignment})
    return redirect("members", partnership.key)


@login_required
@require_POST
def blind_coding(request: HttpRequest, key: str) -> HttpResponse:
    """Switch blind coding on or off for the partnership's sources (its researchers): while it is on,
    coders see only their own codings; switching it off opens the comparison."""
    partnership = get_object_or_404(Partnership, key=key)
    require(Access.of(request.user).is_researcher(partnership))
    wanted = request.POST.get("blind_coding") == "on"
    if partnership.blind_coding != wanted:
        partnership.blind_coding = wanted
        partnership.save(update_fields=["blind_coding"])
    if wanted:
        messages.success(request, gettext("Blind coding is on: coders see only their own codings."))
    else:
        messages.success(request, gettext("Blind coding is off: coders now see each other's codings."))
    return redirect("members", partnership.key)


# --- organisations ------------------------------------------------------------------------------


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(Access.of(request.user).can_manage())
    organisations = Organisation.objects.select_related("municipality")
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(Access.of(request.user).can_manage())
    organisation = get_object_or_404(Organisation, pk=pk) if pk is not None else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, gettext("Saved: %(organisation)s.") % {"organisation": saved})
        return redirect("organisations")
    title = (
        gettext("Edit %(organisation)s") % {"organisation": organisation}
        if organisation
        else gettext("New organisation")
    )
    context = {
        "form": form,
        "title": title,
        "back_url": reverse("organisations"),
        "back_label": gettext("Organisations"),
    }
    return render(request, "accounts/form.html", context, status=400 if form.errors else 200)

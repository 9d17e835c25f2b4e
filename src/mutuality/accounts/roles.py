"""The roles a user can hold on a partnership, defined once.

A role is held on one partnership, and for the partner roles on one side of
it; :mod:`mutuality.accounts.access` turns roles into rights. The
administrator is not a role on a partnership but Django's superuser flag: it
holds everywhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    CODER = "coder", _("Coder")
    PARTNER_EDITOR = "partner_editor", _("Partner editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


ROLE_HELP = {
    Role.RESEARCHER: _(
        "All evidence of the partnership, confidential sources and respondents' real names included."
    ),
    Role.CODER: _("Codes the sources assigned to them."),
    Role.PARTNER_EDITOR: _(
        "Records and edits their own side's data: objectives, exchanges, learning, resources, assessments."
    ),
    Role.CONTRIBUTOR: _("Adds exchanges and learning stories for their side and changes only their own."),
    Role.VIEWER: _("Reads the partnership's data that is not confidential."),
}

#: Roles held for one side of a partnership; the others are held for the partnership as a whole.
SIDE_ROLES = frozenset({Role.PARTNER_EDITOR, Role.CONTRIBUTOR})


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("NGO or civil-society organisation")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    RESEARCH_TEAM = "research_team", _("Research team")
    ASSOCIATION = "association", _("Local-government association or programme")
    OTHER = "other", _("Other")

"""Who may do what: every view, export and report asks here, never a template alone.

Rights follow from roles held on partnerships (:mod:`mutuality.accounts.roles`):

============================  ============================================================
right                         who
============================  ============================================================
read a partnership's records  any role on it
change partnership, reference administrator
data, memberships
add or change a side's        partner editor of that side (actors, objectives, learning
records                       outcomes, resources); the side owns its view, the other
                              side's users cannot change it
add exchanges, projects       partner editors of either side; contributors add exchanges
                              and learning outcomes for their side and change only
                              those they created
read non-confidential         researcher, partner editor, viewer of a partnership the
evidence                      source is linked to; a coder for sources assigned to them
read confidential evidence,   researcher of a partnership the source (or respondent) is
respondents, real names       linked to
code a source                 researcher of its partnership; coder it is assigned to
                              (not confidential)
change a source's details     researcher of one of its partnerships; its links to the
                              others (and its side there) stay; whether it is confidential
                              only a researcher of all of them (evidence.forms.SourceForm)
read the codings of a source  whoever may read the source; while the source or one of its
                              partnerships is set to blind coding, only their own, except
                              for the researchers of its partnerships (:meth:`Access.codings`)
switch blind coding on or     researcher of the partnership; for a source, a researcher of
off                           one of its partnerships
change or remove a coding     its coder while they may code the source; researcher of
(its memo)                    the source's partnership
edit the codebook             researcher (of any partnership)
assess a framework cell       researcher of the partnership; for a side's cell also that
                              side's partner editors
run a self-assessment round   partner editors of either side and researchers of the
(links, respondents'          partnership: the officers who coordinate it for both sides;
comments)                     its aggregated results, whoever may read the partnership
============================  ============================================================

The administrator (Django's superuser) may do everything. An :class:`Access`
reads a user's memberships once and answers from memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from mutuality.accounts.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Record kinds (as the URLs name them) that belong to one side.
SIDE_KINDS = frozenset({"actors", "objectives", "learning", "resources"})
#: Record kinds a contributor may add for its side.
CONTRIBUTOR_KINDS = frozenset({"exchanges", "learning"})
EVIDENCE_READERS = frozenset({Role.RESEARCHER, Role.PARTNER_EDITOR, Role.VIEWER})


class SignedInRequest(HttpRequest):
    """The request of a view behind ``login_required``, whose ``user`` is a stored user, not anonymous.

    For the type checker only (django-stubs' way): a view that stores ``request.user`` in a record
    takes its request as this; Django still passes an ``HttpRequest``.
    """

    user: User


class Access:
    """One user's rights, from their memberships (read once)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.is_admin = bool(user.is_authenticated and user.is_active and user.is_superuser)
        self.roles: dict[int, set[str]] = defaultdict(set)  # partnership id -> roles
        self.side_roles: dict[int, set[str]] = defaultdict(set)  # side id -> roles
        self._blind: dict[tuple[int, bool], bool] = {}  # (source id, its own switch) -> codes_blind
        if user.is_authenticated and user.is_active and not self.is_admin:
            for partnership_id, side_id, role in user.memberships.values_list(
                "partnership_id", "side_id", "role"
            ):
                self.roles[partnership_id].add(role)
                if side_id is not None:
                    self.side_roles[side_id].add(role)

    @classmethod
    def of(cls, user: Any) -> Access:
        """The user's access, kept on the user object for the rest of the request."""
        found = getattr(user, "_mutuality_access", None)
        if found is None:
            found = cls(user)
            if user.is_authenticated:
                user._mutuality_access = found
        return found

    # --- partnerships and their records ---------------------------------------------------

    def partnership_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        wanted = set(roles) if roles is not None else None
        return {p for p, held in self.roles.items() if wanted is None or held & wanted}

    def partnerships(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The partnerships this user may read."""
        return queryset if self.is_admin else queryset.filter(pk__in=self.partnership_ids())

    def can_view_partnership(self, partnership: Any) -> bool:
        return self.is_admin or bool(self.roles.get(partnership.pk))

    def can_manage(self) -> bool:
        """Partnerships themselves, municipalities, programmes, accounts."""
        return self.is_admin

    def is_researcher(self, partnership: Any = None) -> bool:
        if self.is_admin:
            return True
        if partnership is None:
            return bool(self.partnership_ids([Role.RESEARCHER]))
        return Role.RESEARCHER in self.roles.get(partnership.pk, ())

    def can_add_record(self, partnership: Any, kind: str) -> bool:
        """May add a record of ``kind`` to some side of the partnership (the form then limits the sides)."""
        if self.is_admin:
            return True
        held = self.roles.get(partnership.pk, set())
        return Role.PARTNER_EDITOR in held or (kind in CONTRIBUTOR_KINDS and Role.CONTRIBUTOR in held)

    def writable_sides(self, partnership: Any, kind: str) -> set[int] | None:
        """The sides this user may record ``kind`` for; ``None`` means every side."""
        if self.is_admin:
            return None
        editor = {
            s.pk for s in partnership.sides.all() if Role.PARTNER_EDITOR in self.side_roles.get(s.pk, ())
        }
        if kind in CONTRIBUTOR_KINDS:
            editor |= {
                s.pk for s in partnership.sides.all() if Role.CONTRIBUTOR in self.side_roles.get(s.pk, ())
            }
        if kind not in SIDE_KINDS and editor:
            return None  # shared records: any side of a partnership the user edits for
        return editor

    def can_change_record(self, record: Any, kind: str) -> bool:
        """May change or delete ``record``: its side's editors; a contributor only what it created."""
        if self.is_admin:
            return True
        side_id = record_side_id(record, kind)
        partnership_held = self.roles.get(record.partnership_id, set())
        if kind in SIDE_KINDS:
            if side_id is not None and Role.PARTNER_EDITOR in self.side_roles.get(side_id, ()):
                return True
        elif Role.PARTNER_EDITOR in partnership_held:
            return True
        created_by = getattr(record, "created_by_id", None)
        return (
            kind in CONTRIBUTOR_KINDS
            and Role.CONTRIBUTOR in partnership_held
            and created_by is not None
            and created_by == self.user.pk
        )

    # --- evidence -----------------------------------------------------------------------------

    def sources(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The sources this user may read (confidential ones only as a researcher of their partnership)."""
        if self.is_admin:
            return queryset
        from mutuality.evidence.models import Source

        readable = Q(partnerships__in=self.partnership_ids([Role.RESEARCHER])) | Q(
            confidential=False, partnerships__in=self.partnership_ids(EVIDENCE_READERS)
        )
        readable |= Q(confidential=False, assignments__coder=self.user)
        return queryset.filter(pk__in=Source.objects.filter(readable).values("pk"))

    def codings(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Codings this user may read: those on sources they may read, except that on a source coded
        blind for them (:meth:`blind_sources`) only their own. Every page, export and the API
        narrow codings here, so blind coding holds wherever codings are shown or counted.

        Said the other way round, for the database's sake: the codings on no version of a source the
        user may not read, and on no version of a blind source unless their own. Read as "only these
        versions", SQLite walks every readable version's codings row by row, even where the page
        wants one code's (270,000 codings looked up to count a researcher's codebook); read as "none
        of those", it keeps to the index the page's own filter uses (the code's, or the version's),
        and asks for a coding's coder only on a blind source. A researcher of every partnership
        may read every source and codes none blind: whether there is any such version at all is
        asked once, and then of no coding (a third less time to count the whole codebook)."""
        if self.is_admin:
            return queryset
        from mutuality.evidence.models import Source, SourceVersion

        # Asked here, once, rather than in the query, where SQLite asked it of every coding (half
        # the time of counting a researcher's codebook).
        any_unreadable, any_blind = self._hidden_versions()
        if any_unreadable:
            unreadable = Source.objects.exclude(pk__in=self.sources(Source.objects.all()).values("pk"))
            unreadable_versions = SourceVersion.objects.filter(source__in=unreadable).values("pk")
            queryset = queryset.filter(~Q(version__in=unreadable_versions))
        if any_blind:
            blind_versions = SourceVersion.objects.filter(source__in=self.blind_sources().values("pk"))
            queryset = queryset.filter(~Q(version__in=blind_versions.values("pk")) | Q(coder=self.user.pk))
        return queryset

    def _hidden_versions(self) -> tuple[bool, bool]:
        """Whether some version is of a source this user may not read (:meth:`sources`), and whether
        some is of a source they code blind (:meth:`blind_sources`), in one statement written out.

        The same two questions built by Django from the query sets of those methods took four fifths
        of their time in making the query sets and their SQL (3 ms of a page of passages' 20), and
        most readers (a researcher of their partnerships) need neither query set. A test holds the
        answers equal to those of the query sets for every reader of the test cast."""
        from django.db import connection

        from mutuality.accounts.models import Assignment
        from mutuality.evidence.models import Source, SourceVersion

        links = Source.partnerships.through._meta.db_table
        partnerships = Source.partnerships.field.related_model._meta.db_table  # type: ignore[union-attr]
        sources = Source._meta.db_table

        # Each condition as the version's source among a list the database makes once (not asked
        # again of each source: SQLite took twice as long so).
        def linked(ids: set[int]) -> tuple[str, list[int]]:
            """The version's source is linked to a partnership of ``ids``."""
            if not ids:
                return "FALSE", []
            listed = ", ".join(["%s"] * len(ids))
            return (
                f"v.source_id IN (SELECT source_id FROM {links} WHERE partnership_id IN ({listed}))",
                sorted(ids),
            )

        researched, researched_ids = linked(self.partnership_ids([Role.RESEARCHER]))
        read, read_ids = linked(self.partnership_ids(EVIDENCE_READERS))
        assigned = f"v.source_id IN (SELECT source_id FROM {Assignment._meta.db_table} WHERE coder_id = %s)"
        confidential = f"v.source_id IN (SELECT id FROM {sources} WHERE confidential)"
        unreadable = f"NOT ({researched}) AND ({confidential} OR NOT ({read} OR {assigned}))"
        blind = (
            f"(v.source_id IN (SELECT id FROM {sources} WHERE blind_coding) OR v.source_id IN (SELECT"
            f" l.source_id FROM {links} l JOIN {partnerships} p ON p.id = l.partnership_id WHERE p.blind_coding))"
            f" AND NOT ({researched})"
        )
        versions = SourceVersion._meta.db_table
        sql = (
            f"SELECT EXISTS (SELECT 1 FROM {versions} v WHERE {unreadable}),"
            f" EXISTS (SELECT 1 FROM {versions} v WHERE {blind})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*researched_ids, *read_ids, self.user.pk, *researched_ids])
            row = cursor.fetchone()
        return bool(row[0]), bool(row[1])

    def blind_sources(self) -> QuerySet[Any]:
        """The sources on which this user sees only their own codings: sources set to blind coding,
        or linked to a partnership set to it, that the user does not research (a researcher of any
        of the source's partnerships, like an administrator, sees every coding, to compare them).
        A researcher opens the comparison by switching blind coding off."""
        from mutuality.evidence.models import Source

        if self.is_admin:
            return Source.objects.none()
        blind = Source.objects.filter(Q(blind_coding=True) | Q(partnerships__blind_coding=True))
        return blind.exclude(partnerships__in=self.partnership_ids([Role.RESEARCHER]))

    def codings_on(self, source: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The codings of ``queryset``, all on versions of ``source``, that this user may read: the
        rule of :meth:`codings`, decided once for the source instead of asked of every coding (the
        workbench reads a source's codings after every coding it makes). A test holds the two equal
        for every reader and source."""
        if not self.can_view_source(source):
            return queryset.none()
        return queryset.filter(coder=self.user.pk) if self.codes_blind(source) else queryset

    def codes_blind(self, source: Any) -> bool:
        """Whether this user sees only their own codings on ``source`` (see :meth:`blind_sources`).
        Asked once a request for each source (a page of the workbench asked three times), and
        again should the source itself be switched in between."""
        key = (source.pk, source.blind_coding)
        if key not in self._blind:
            self._blind[key] = self._codes_blind(source)
        return self._blind[key]

    def _codes_blind(self, source: Any) -> bool:
        """:meth:`blind_sources` asked of one source, from what is known of it already: its
        partnerships (read whole for the reader's rights, with their switches) and its own switch."""
        if self.is_admin or self._researches(source):
            return False
        if source.blind_coding:
            return True
        blind = getattr(source, "blind_partnership", None)
        if blind is None:  # its partnerships' ids were read without them (note_partnerships)
            from mutuality.partnerships.models import Partnership

            ids = self._source_partnerships(source)
            blind = Partnership.objects.filter(pk__in=ids, blind_coding=True).exists()
        return bool(blind)

    def can_see_coding(self, coding: Any) -> bool:
        return self.codings(type(coding).objects.filter(pk=coding.pk)).exists()

    def can_view_source(self, source: Any) -> bool:
        if self.is_admin or self._researches(source):
            return True
        if source.confidential:
            return False
        readers = self.partnership_ids(EVIDENCE_READERS)
        return bool(self._source_partnerships(source) & readers) or self._assigned(source)

    def can_code_source(self, source: Any) -> bool:
        if self.is_admin or self._researches(source):
            return True
        return not source.confidential and self._assigned(source)

    def can_manage_source(self, source: Any) -> bool:
        """Edit a source's details and text, assign coders: a researcher of one of its partnerships."""
        return self.is_admin or self._researches(source)

    def can_change_coding(self, coding: Any) -> bool:
        """Change a coding (its memo): its coder while they may code the source; the source's researchers."""
        source = coding.version.source
        if coding.coder_id == self.user.pk and self.can_code_source(source):
            return True
        return self.can_manage_source(source)

    def can_delete_coding(self, coding: Any) -> bool:
        return self.can_change_coding(coding)

    def can_edit_codebook(self) -> bool:
        return self.is_researcher()

    def can_see_respondents(self) -> bool:
        return self.is_researcher()

    def respondents(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Respondents on a side of, or heard in a source of, a partnership the user researches."""
        if self.is_admin:
            return queryset
        ids = self.partnership_ids([Role.RESEARCHER])
        return queryset.filter(Q(side__partnership__in=ids) | Q(sources__partnerships__in=ids)).distinct()

    def may_see_names(self, source: Any = None) -> bool:
        """Whether real names in the texts of ``source`` are shown as written (mutuality.privacy.reader):
        to administrators, and to researchers of one of the source's partnerships. A text of no
        source (a code's memo) shows them to administrators only."""
        if self.is_admin:
            return True
        if source is None:
            return False
        if not hasattr(source, "partnerships"):  # a partnership (a code's memo is about its evidence)
            return self.is_researcher(source)
        return self._researches(source)

    def code_memos(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Memos on codes this user may read: their own, and those about the evidence of a partnership
        whose evidence they may read. Framework codes are shared by every partnership; what one
        partnership's researcher notes about one is that partnership's business."""
        if self.is_admin:
            return queryset
        return queryset.filter(
            Q(author=self.user) | Q(partnership__in=self.partnership_ids(EVIDENCE_READERS))
        )

    def can_see_real_name(self, respondent: Any) -> bool:
        return self.is_admin or self.respondents(type(respondent).objects.filter(pk=respondent.pk)).exists()

    def can_assess(self, partnership: Any, side: Any = None) -> bool:
        """Write a framework cell: researchers of the partnership; a side's cell also its partner editors."""
        if self.is_researcher(partnership):
            return True
        return side is not None and Role.PARTNER_EDITOR in self.side_roles.get(side.pk, ())

    def can_run_assessment(self, partnership: Any) -> bool:
        """Run a partnership's self-assessment: create rounds, issue and revoke each side's link,
        read respondents' comments (personal data). Its editors of either side coordinate a round
        for both, as its researchers do; whoever may read the partnership reads the scores only."""
        if self.is_admin:
            return True
        return bool(self.roles.get(partnership.pk, set()) & {Role.PARTNER_EDITOR, Role.RESEARCHER})

    def can_read_evidence(self) -> bool:
        """Whether evidence pages (codebook, passages, matrix…) are for this user at all."""
        return self.is_admin or bool(self.partnership_ids(EVIDENCE_READERS)) or self.user.assignments.exists()

    # --- what the menu offers ---------------------------------------------------------------------

    def uses_qda_tools(self) -> bool:
        """Whether the menu offers the QDA tools (sources to code, the codebook, passages, matrices,
        agreement, REFI-QDA): the work of researchers and coders. Officers and partners who may read
        their partnership's evidence still open those pages from it (each page checks its own
        right); their menu keeps to what their work needs."""
        return (
            self.is_researcher()
            or bool(self.partnership_ids([Role.CODER]))
            or (self.user.is_authenticated and self.user.assignments.exists())
        )

    def can_read_programme_report(self) -> bool:
        """The programme report covers the partnerships this user reads; with none there is nothing in it."""
        return self.is_admin or bool(self.partnership_ids())

    # --- helpers ------------------------------------------------------------------------------

    def _source_partnerships(self, source: Any) -> set[int]:
        """The ids of ``source``'s partnerships, kept on it (``partnership_ids``: a caller that read
        those of many sources at once sets them, evidence.queries.note_partnerships)."""
        cached = getattr(source, "partnership_ids", None)
        if cached is None:
            partnerships = list(source.partnerships.all())
            cached = source.partnership_ids = {p.pk for p in partnerships}
            # (whether any of them codes blind, read with them: see _codes_blind)
            source.blind_partnership = any(p.blind_coding for p in partnerships)
        return cached

    def _researches(self, source: Any) -> bool:
        """Whether this user is a researcher of any of ``source``'s partnerships."""
        return bool(self._source_partnerships(source) & self.partnership_ids([Role.RESEARCHER]))

    def _assigned(self, source: Any) -> bool:
        return self.user.is_authenticated and source.assignments.filter(coder=self.user).exists()


def record_side_id(record: Any, kind: str) -> int | None:
    """The side a record belongs to (``None`` for shared records such as projects)."""
    if kind in SIDE_KINDS:
        return record.side_id
    return getattr(record, "host_id", None)


def require(allowed: bool) -> None:
    """Refuse the request (403) unless ``allowed``: the one way views say no."""
    if not allowed:
        raise PermissionDenied

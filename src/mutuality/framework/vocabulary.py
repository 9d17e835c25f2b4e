"""Every term of the Mutuality framework, with its definition and seed section.

Definitions are written in our own words; ``source`` cites the section of the
dissertation chapters in ``shared/seeds`` where the concept is introduced or
applied. ``_`` only marks strings for translation (``makemessages`` picks them
up); the web layer translates labels and definitions when it shows them.
"""

from __future__ import annotations

from mutuality.framework.terms import Term, Vocabulary


def _(message: str) -> str:
    return message


def _vocabulary(
    key: str,
    label: str,
    definition: str,
    source: str,
    terms: list[tuple[str, str, str, str]],
    *,
    multiple: bool = False,
) -> Vocabulary:
    return Vocabulary(
        key=key,
        label=label,
        definition=definition,
        source=source,
        terms=tuple(Term(*term) for term in terms),
        multiple=multiple,
    )


# --- Actors and objectives (ch. 1.2, 2.8.2, 8.2) -------------------------------

ACTOR_KIND = _vocabulary(
    "actor_kind",
    _("Kind of actor"),
    _(""),
    "ch. 2.8.2",
    [
        ("organisation", _("Organisation"), _(""), "ch. 2.8.2"),
        ("individual", _("Individual"), _(""), "ch. 8.4"),
    ],
)

ACTOR_TYPE = _vocabulary(
    "actor_type",
    _("Actor type"),
    _(""),
    "ch. 1.2",
    [
        ("local_government", _("Local government"), _(""), "ch. 1.2"),
        ("municipal_council", _("Municipal council"), _(""), "ch. 8.2.1"),
        ("mayor", _("Mayor and aldermen"), _(""), "ch. 8.2.1"),
        ("international_desk", _("International desk"), _(""), "ch. 8.2.1"),
        ("line_department", _("Line department"), _(""), "ch. 8.3.1"),
        ("ngo", _("Non-governmental organisation"), _(""), "ch. 2.8.2"),
        ("cbo", _("Community-based organisation"), _(""), "ch. 2.3.2"),
        ("migrant_organisation", _("Migrant organisation"), _(""), "ch. 8.4"),
        ("womens_organisation", _("Women's organisation"), _(""), "ch. 8.5.2"),
        ("youth_organisation", _("Youth organisation"), _(""), "ch. 8.5.2"),
        ("private_company", _("Private company"), _(""), "ch. 2.8.2"),
        ("school", _("School"), _(""), "ch. 8.5.1"),
        ("knowledge_institution", _("Knowledge institution"), _(""), "ch. 10"),
        ("national_ministry", _("National ministry"), _(""), "ch. 1.5.2"),
        ("lg_association", _("Local-government association"), _(""), "ch. 1.6.2"),
        ("embassy", _("Embassy"), _(""), "ch. 1.6.2"),
        ("support_programme_agency", _("Support programme agency"), _(""), "ch. 1.5.2"),
        ("citizen", _("Individual citizen"), _(""), "ch. 2.3.2"),
        ("migrant", _("Migrant"), _(""), "ch. 8.4"),
    ],
)

ACTOR_ROLE = _vocabulary(
    "actor_role",
    _("Actor role"),
    _(""),
    "ch. 8.4",
    [
        ("initiator", _("Initiator"), _(""), "ch. 8.4"),
        ("key_person", _("Key person"), _(""), "ch. 8.3.4"),
        ("facilitator", _("Facilitator"), _(""), "ch. 8.4"),
        ("interpreter", _("Interpreter"), _(""), "ch. 8.4"),
        ("coordinator", _("Coordinator"), _(""), "ch. 8.2.1"),
        ("expert", _("Expert"), _(""), "ch. 8.3.1"),
        ("funder", _("Funder"), _(""), "ch. 8.3.3"),
        ("participant", _("Participant"), _(""), "ch. 2.8.2"),
    ],
    multiple=True,
)

OBJECTIVE_TYPE = _vocabulary(
    "objective_type",
    _("Objective"),
    _(""),
    "ch. 8.2",
    [
        ("solidarity", _("Solidarity and altruism"), _(""), "ch. 8.2.1"),
        ("professional_solidarity", _("Professional solidarity"), _(""), "ch. 8.2.1"),
        ("strengthening_local_governance", _("Strengthening local governance"), _(""), "ch. 2.8.1"),
        ("economic_development", _("Economic development"), _(""), "ch. 2.8.1"),
        ("diversity_integration", _("Learning about diversity and integration"), _(""), "ch. 1.6.2"),
        ("combating_prejudice", _("Combating prejudice, getting to know the other"), _(""), "ch. 8.5.1"),
        ("corporate_social_responsibility", _("Corporate social responsibility"), _(""), "ch. 8.2.2"),
        ("international_norms", _("Meeting international norms"), _(""), "ch. 8.2.1"),
    ],
)

# --- Projects and scale levels (ch. 2.8.1, 8.2, 8.5) ---------------------------

PROJECT_TYPE = _vocabulary(
    "project_type",
    _("Project type"),
    _(""),
    "ch. 2.8.1",
    [
        ("local_governance", _("Strengthening local governance"), _(""), "ch. 2.8.1"),
        ("economic_development", _("Economic development"), _(""), "ch. 2.8.1"),
        ("transnational_linkages", _("Transnational linkages and mobility"), _(""), "ch. 2.8.1"),
        ("integration", _("Integration of migrants"), _(""), "ch. 2.8.1"),
    ],
    multiple=True,
)

SCALE_LEVEL = _vocabulary(
    "scale_level",
    _("Scale level"),
    _(""),
    "ch. 8.5",
    [
        ("project", _("Project"), _(""), "ch. 2.8.1"),
        ("partnership", _("Partnership"), _(""), "ch. 2.8.1"),
        ("local_community", _("Local community"), _(""), "ch. 8.5.1"),
        ("national", _("National"), _(""), "ch. 8.5.3"),
        ("international", _("International"), _(""), "ch. 8.5.3"),
    ],
)

# --- Partnerships and places (ch. 1.2, 1.6) ------------------------------------

MIGRATION_ROLE = _vocabulary(
    "migration_role",
    _("Role in migration"),
    _(""),
    "ch. 1.6.1",
    [
        ("source", _("Migrant source"), _(""), "ch. 1.6.1"),
        ("destination", _("Migrant destination"), _(""), "ch. 1.6.1"),
    ],
)

PARTNERSHIP_FORM = _vocabulary(
    "partnership_form",
    _("Form of cooperation"),
    _(""),
    "ch. 1.6.3",
    [
        ("city_link", _("City link"), _(""), "ch. 1.6.3"),
        ("codevelopment_support", _("Support for co-development initiatives"), _(""), "ch. 1.6.3"),
    ],
)

PARTNERSHIP_STATUS = _vocabulary(
    "partnership_status",
    _("Status"),
    _(""),
    "ch. 1.6.3",
    [
        ("active", _("Active"), _(""), "ch. 1.6.3"),
        ("on_hold", _("On hold"), _(""), "ch. 1.6.4"),
        ("ended", _("Ended"), _(""), "ch. 1.6.3"),
    ],
)

INITIATION = _vocabulary(
    "initiation",
    _("How the partnership was initiated"),
    _(""),
    "ch. 1.6.2",
    [
        ("municipal_initiative", _("Municipal initiative"), _(""), "ch. 1.6.2"),
        ("municipal_platform", _("Municipal platform"), _(""), "ch. 1.6.2"),
        ("civil_society", _("Civil society"), _(""), "ch. 1.6.2"),
    ],
)

TRANSLOCAL_LINKAGE = _vocabulary(
    "translocal_linkage",
    _("Translocal linkage"),
    _(""),
    "ch. 8.4",
    [
        ("none", _("None"), _(""), "ch. 8.4"),
        ("limited", _("Limited"), _(""), "ch. 8.4"),
        ("direct", _("Direct"), _(""), "ch. 8.4"),
    ],
)

# --- Exchanges and knowledge (ch. 1.2, 2.5) ------------------------------------

EXCHANGE_DIRECTION = _vocabulary(
    "exchange_direction",
    _("Direction of exchange"),
    _(""),
    "ch. 2.8.2",
    [
        ("vertical", _("Vertical (inter-municipal)"), _(""), "ch. 2.8.2"),
        ("horizontal", _("Horizontal (intra-municipal)"), _(""), "ch. 2.8.2"),
    ],
)

EXCHANGE_METHOD = _vocabulary(
    "exchange_method",
    _("Method of exchange"),
    _(""),
    "ch. 2.5.2",
    [
        ("peer_to_peer", _("Peer-to-peer exchange"), _(""), "ch. 2.5.2"),
        ("meeting_workshop", _("Meetings and workshops"), _(""), "ch. 2.5.2"),
        ("field_visit", _("Field visit"), _(""), "ch. 2.5.2"),
        ("third_party_conference", _("Third-party conference"), _(""), "ch. 2.5.2"),
        ("training_course", _("Training course"), _(""), "ch. 2.5.2"),
        ("document_exchange", _("Exchange of (translated) documents"), _(""), "ch. 2.5.2"),
    ],
)

EXCHANGE_SETTING = _vocabulary(
    "exchange_setting",
    _("Setting"),
    _(""),
    "ch. 2.5.2",
    [
        ("formal", _("Formal"), _(""), "ch. 2.5.2"),
        ("informal", _("Informal"), _(""), "ch. 2.5.2"),
    ],
)

EXCHANGE_STAGE = _vocabulary(
    "exchange_stage",
    _("Stage"),
    _(""),
    "ch. 8.3.4",
    [
        ("exploratory", _("Exploratory visit"), _(""), "ch. 8.3.4"),
        ("follow_up", _("Follow-up"), _(""), "ch. 8.3.4"),
    ],
)

KNOWLEDGE_TYPE = _vocabulary(
    "knowledge_type",
    _("Type of knowledge"),
    _(""),
    "ch. 2.5.1",
    [
        ("tacit", _("Tacit"), _(""), "ch. 2.5.1"),
        ("implicit", _("Implicit, context-embedded"), _(""), "ch. 2.5.1"),
        ("codified", _("Codified, generalised"), _(""), "ch. 2.5.1"),
    ],
)

KNOWLEDGE_DOMAIN = _vocabulary(
    "knowledge_domain",
    _("Domain of knowledge"),
    _(""),
    "ch. 2.5.2",
    [
        ("technical", _("Technical"), _(""), "ch. 2.5.2"),
        ("management", _("Management"), _(""), "ch. 2.5.2"),
        ("political", _("Political"), _(""), "ch. 2.5.2"),
        ("legal", _("Legal"), _(""), "ch. 2.5.2"),
        ("cultural", _("Cultural"), _(""), "ch. 2.5.2"),
    ],
)

# --- Learning (ch. 2.5.3, 2.5.5, 8.7) ------------------------------------------

LEARNING_FORM = _vocabulary(
    "learning_form",
    _("Form of learning"),
    _(""),
    "ch. 2.5.3",
    [
        ("transfer", _("Transfer (copy)"), _(""), "ch. 2.5.3"),
        ("adaptation", _("Adaptation (single loop)"), _(""), "ch. 2.5.3"),
        ("transformative", _("Transformative (double loop)"), _(""), "ch. 2.5.3"),
        ("negative", _("Negative learning"), _(""), "ch. 2.5.3"),
    ],
)

SKILL = _vocabulary(
    "skill",
    _("Skill learned"),
    _(""),
    "ch. 2.5.3",
    [
        ("instrumental", _("Instrumental"), _(""), "ch. 2.5.3"),
        ("process", _("Process"), _(""), "ch. 2.5.3"),
        ("factual", _("Factual"), _(""), "ch. 2.5.3"),
        ("dispositional", _("Dispositional"), _(""), "ch. 2.5.3"),
        ("political_civic", _("Political and civic"), _(""), "ch. 2.5.3"),
    ],
    multiple=True,
)

LEARNING_THEME = _vocabulary(
    "learning_theme",
    _("Learning theme"),
    _(""),
    "ch. 8.7",
    [
        ("reflection_own_work", _("Reflection on one's own work"), _(""), "ch. 8.3.2"),
        ("cultural_exchange", _("General cultural exchange"), _(""), "ch. 8.3.2"),
        ("diversity", _("Learning on diversity"), _(""), "ch. 8.4"),
        ("global_citizenship", _("Global citizenship, combating prejudice"), _(""), "ch. 8.5.1"),
    ],
)

ISSUE_RELATION = _vocabulary(
    "issue_relation",
    _("Similar or complementary issue"),
    _(""),
    "ch. 2.8.1",
    [
        ("similar", _("Similar issue"), _(""), "ch. 2.8.1"),
        ("complementary", _("Complementary issue"), _(""), "ch. 2.8.1"),
    ],
)

LEARNING_FLAG = _vocabulary(
    "learning_flag",
    _("What became of the learning"),
    _(""),
    "ch. 2.5.5",
    [
        ("intended", _("Intended"), _(""), "ch. 8.2.1"),
        ("recognised", _("Recognised"), _(""), "ch. 8.2.1"),
        ("implemented", _("Implemented"), _(""), "ch. 2.5.5"),
        ("disseminated_internally", _("Disseminated internally"), _(""), "ch. 2.5.5"),
        ("disseminated_externally", _("Disseminated externally"), _(""), "ch. 2.5.5"),
        ("institutionalised", _("Institutionalised"), _(""), "ch. 2.5.5"),
    ],
    multiple=True,
)

# --- Dimensions of mutual learning (ch. 2.8.3, 8.3, 8.4, Table 8.1) ------------

DIMENSION = _vocabulary(
    "dimension",
    _("Dimension of mutual learning"),
    _(""),
    "ch. 2.8.3",
    [
        ("professional_similarity", _("Similarity between professionals"), _(""), "ch. 8.3.1"),
        (
            "difference_recognition",
            _("Differences, and their recognition and appreciation"),
            _(""),
            "ch. 8.3.2",
        ),
        ("complementary_resources", _("Complementary resources"), _(""), "ch. 8.3.3"),
        ("process_trust", _("Process-based trust"), _(""), "ch. 8.3.4"),
        ("power_equality", _("Power and equality"), _(""), "ch. 8.3.5"),
        ("translocal_linkages", _("Translocal linkages"), _(""), "ch. 8.4"),
    ],
)

ASSESSMENT = _vocabulary(
    "assessment",
    _("Importance of a dimension"),
    _(""),
    "ch. 8.3, Table 8.1",
    [
        ("strong", _("Strong"), _(""), "ch. 8.3, Table 8.1"),
        ("moderate", _("Moderate"), _(""), "ch. 8.3, Table 8.1"),
        ("limited", _("Limited"), _(""), "ch. 8.3, Table 8.1"),
    ],
)

FACTOR_ROLE = _vocabulary(
    "factor_role",
    _("Role of a dimension"),
    _(""),
    "ch. 8.3",
    [
        ("enabling", _("Enabling"), _(""), "ch. 8.3"),
        ("limiting", _("Limiting"), _(""), "ch. 8.3"),
    ],
)

# --- Mutuality itself (ch. 2.7, 8.2) -------------------------------------------

MUTUALITY_VIEW = _vocabulary(
    "mutuality_view",
    _("View of mutuality"),
    _(""),
    "ch. 2.7.3",
    [
        ("espoused_value", _("Espoused value"), _(""), "ch. 2.7.3"),
        ("grounded_incentive", _("Grounded incentive"), _(""), "ch. 2.7.3"),
    ],
)

INEQUALITY = _vocabulary(
    "inequality",
    _("Inequality in the relationship"),
    _(""),
    "ch. 2.7.3",
    [
        ("knowledge_recognition", _("Unequal recognition of knowledge types"), _(""), "ch. 2.7.3"),
        ("material_resources", _("Unequal material resources"), _(""), "ch. 2.7.3"),
        ("northern_superiority", _("Assumed superiority of Northern knowledge"), _(""), "ch. 2.7.3"),
    ],
)

# --- Governance networks and resources (ch. 1.5, 8.3.3, 8.6, 10) ---------------

GOVERNANCE_MODEL = _vocabulary(
    "governance_model",
    _("Governance network model"),
    _(""),
    "ch. 10",
    [
        ("classic_local_government", _("Classic local-government network"), _(""), "ch. 10"),
        ("multi_actor", _("Multi-actor network"), _(""), "ch. 10"),
        ("broader_governance", _("Broader governance arrangements"), _(""), "ch. 10"),
    ],
)

RESOURCE_KIND = _vocabulary(
    "resource_kind",
    _("Kind of resource"),
    _(""),
    "ch. 8.3.3",
    [
        ("financial", _("Financial"), _(""), "ch. 8.3.3"),
        ("hospitality", _("Hospitality"), _(""), "ch. 8.3.3"),
        ("volunteer_hours", _("Volunteer hours"), _(""), "ch. 8.3.3"),
        ("lodging", _("Lodging"), _(""), "ch. 8.3.3"),
        ("travel", _("Travel"), _(""), "ch. 8.3.3"),
        ("staff_time", _("Staff time"), _(""), "ch. 8.3.3"),
        ("goods", _("Donated goods"), _(""), "ch. 2.8.2"),
    ],
)

RESOURCE_UNIT = _vocabulary(
    "resource_unit",
    _("Unit of a resource"),
    _(""),
    "ch. 8.3.3",
    [
        ("eur", _("Euro"), _(""), "ch. 8.3.3"),
        ("hours", _("Hours"), _(""), "ch. 8.3.3"),
        ("days", _("Person-days"), _(""), "ch. 8.3.3"),
        ("nights", _("Nights"), _(""), "ch. 8.3.3"),
        ("persons", _("Persons"), _(""), "ch. 8.3.3"),
        ("items", _("Items"), _(""), "ch. 8.3.3"),
    ],
)

DATE_PRECISION = _vocabulary(
    "date_precision",
    _("Precision of a date"),
    _(""),
    "ch. 8.3.4",
    [
        ("day", _("Day"), _(""), "ch. 8.3.4"),
        ("month", _("Month"), _(""), "ch. 8.3.4"),
        ("year", _("Year"), _(""), "ch. 8.3.4"),
    ],
)

# --- Recommendations (ch. 10) --------------------------------------------------

RECOMMENDATION = _vocabulary(
    "recommendation",
    _("Recommendation"),
    _(""),
    "ch. 10",
    [
        (
            "seek_mutual_learning",
            _("Actively look for opportunities for mutual learning"),
            _(""),
            "ch. 10, rec. 1",
        ),
        (
            "use_governance_networks",
            _("Use local governance networks for broader governance"),
            _(""),
            "ch. 10, rec. 2",
        ),
        ("peer_to_peer", _("Use the strength of peer-to-peer learning"), _(""), "ch. 10, rec. 3"),
        (
            "support_civil_society",
            _("Keep local governments involved in civil society initiatives"),
            _(""),
            "ch. 10, rec. 4",
        ),
        ("invest_long_term", _("Invest time and resources for the long term"), _(""), "ch. 10, rec. 5"),
        (
            "act_not_react",
            _("Shape international relations as actors, not re-actors"),
            _(""),
            "ch. 10, rec. 6",
        ),
        ("include_migrants", _("Include migrants and migrant organisations"), _(""), "ch. 10, rec. 7"),
    ],
)


VOCABULARIES: dict[str, Vocabulary] = {
    v.key: v
    for v in (
        ACTOR_KIND,
        ACTOR_TYPE,
        ACTOR_ROLE,
        OBJECTIVE_TYPE,
        PROJECT_TYPE,
        SCALE_LEVEL,
        MIGRATION_ROLE,
        PARTNERSHIP_FORM,
        PARTNERSHIP_STATUS,
        INITIATION,
        TRANSLOCAL_LINKAGE,
        EXCHANGE_DIRECTION,
        EXCHANGE_METHOD,
        EXCHANGE_SETTING,
        EXCHANGE_STAGE,
        KNOWLEDGE_TYPE,
        KNOWLEDGE_DOMAIN,
        LEARNING_FORM,
        SKILL,
        LEARNING_THEME,
        ISSUE_RELATION,
        LEARNING_FLAG,
        DIMENSION,
        ASSESSMENT,
        FACTOR_ROLE,
        MUTUALITY_VIEW,
        INEQUALITY,
        GOVERNANCE_MODEL,
        RESOURCE_KIND,
        RESOURCE_UNIT,
        DATE_PRECISION,
        RECOMMENDATION,
    )
}


def vocabulary(key: str) -> Vocabulary:
    """The vocabulary called ``key``; a clear error for a name that is not one."""
    try:
        return VOCABULARIES[key]
    except KeyError:
        raise KeyError(f"no vocabulary {key!r}; known: {', '.join(VOCABULARIES)}") from None

"""Every term of the Mutuality framework, with its definition and seed section.

Definitions are written in our own words; ``source`` cites the section of the
dissertation chapters in ``shared/seeds`` where the concept is introduced or
applied. One vocabulary comes from outside the study: the Sustainable Development
Goals (``sdg``, in :mod:`mutuality.framework.sdgs`), cited from the UN resolution.
``_`` only marks strings for translation (``makemessages`` picks them up); the web
layer translates labels and definitions when it shows them.
"""

from __future__ import annotations

from mutuality.framework.sdgs import SDG
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
    _(
        "Whether a party to the partnership takes part as an organisation or as a single person "
        "acting in their own right."
    ),
    "ch. 2.8.2",
    [
        (
            "organisation",
            _("Organisation"),
            _(
                "A body such as a municipality, department, NGO, company or school that takes "
                "part in the partnership as an institution."
            ),
            "ch. 2.8.2",
        ),
        (
            "individual",
            _("Individual"),
            _(
                "A person who takes part in their own right rather than on behalf of an "
                "organisation, such as a migrant acting as go-between or a citizen starting an "
                "initiative."
            ),
            "ch. 8.4.2",
        ),
    ],
)

ACTOR_TYPE = _vocabulary(
    "actor_type",
    _("Actor type"),
    _(
        "The kind of governmental, non-governmental or private party that takes part in, "
        "supports or shapes a municipal partnership on either side."
    ),
    "ch. 1.2",
    [
        (
            "local_government",
            _("Local government"),
            _(
                "A municipality as a whole: the elected and administrative body of a town or "
                "city that is formally a party to the partnership."
            ),
            "ch. 1.2",
        ),
        (
            "municipal_council",
            _("Municipal council"),
            _(
                "The elected council of a municipality, whose members decide on the budget for "
                "international cooperation and give or withhold political backing."
            ),
            "ch. 1.6.2",
        ),
        (
            "mayor",
            _("Mayor and aldermen"),
            _(
                "The executive board of a municipality (mayor with aldermen or deputy mayors), "
                "often the political face of the partnership during visits."
            ),
            "ch. 1.6.2",
        ),
        (
            "international_desk",
            _("International desk"),
            _(
                "The unit or officer within a municipality that handles international relations "
                "and organises exchanges with partner municipalities."
            ),
            "ch. 8.3.2",
        ),
        (
            "line_department",
            _("Line department"),
            _(
                "A department delivering a specific service, such as fire brigade, police, "
                "health, waste management or social affairs, whose professionals exchange with "
                "their peers."
            ),
            "ch. 8.3.1",
        ),
        (
            "ngo",
            _("Non-governmental organisation"),
            _(
                "A non-profit civil society organisation that takes part in exchanges, raises "
                "funds, donates goods or runs projects linked to the partnership."
            ),
            "ch. 2.8.2",
        ),
        (
            "cbo",
            _("Community-based organisation"),
            _(
                "A small grassroots group rooted in a neighbourhood or community, usually run by "
                "volunteers, that organises residents around local needs."
            ),
            "ch. 1.2",
        ),
        (
            "migrant_organisation",
            _("Migrant organisation"),
            _(
                "A civil society organisation set up by or for migrants and their descendants, "
                "such as a foundation linking migrants to their home town."
            ),
            "ch. 10, rec. 7",
        ),
        (
            "womens_organisation",
            _("Women's organisation"),
            _(
                "A civil society organisation working with or for women, for example on "
                "training, empowerment or social cohesion."
            ),
            "ch. 8.2.2",
        ),
        (
            "youth_organisation",
            _("Youth organisation"),
            _(
                "A civil society organisation working with young people, for example on youth "
                "exchanges, participation or combating prejudice."
            ),
            "ch. 8.2.2",
        ),
        (
            "private_company",
            _("Private company"),
            _(
                "A commercial or public-private firm, such as a waste management company, that "
                "contributes expertise, services or money to the exchange."
            ),
            "ch. 2.8.2",
        ),
        (
            "school",
            _("School"),
            _(
                "A school, its teachers or its pupils taking part in exchanges, for instance "
                "joint youth projects between the two localities."
            ),
            "ch. 8.2.2",
        ),
        (
            "knowledge_institution",
            _("Knowledge institution"),
            _(
                "A university, college or research institute that can help capture, embed and "
                "spread the knowledge gained through the partnership."
            ),
            "ch. 10, rec. 2",
        ),
        (
            "national_ministry",
            _("National ministry"),
            _(
                "A central government ministry that sets national policy for international "
                "cooperation by local governments and may fund or restrict it."
            ),
            "ch. 1.5.2",
        ),
        (
            "lg_association",
            _("Local-government association"),
            _(
                "A national association of municipalities, such as VNG or the Union of Turkish "
                "Municipalities, that supports, coordinates or hosts platforms for municipal "
                "partnerships."
            ),
            "ch. 1.6.2",
        ),
        (
            "embassy",
            _("Embassy"),
            _(
                "A country's diplomatic mission in the partner country, which may support "
                "partnerships and connect them to relations between the two states."
            ),
            "ch. 8.5.3",
        ),
        (
            "support_programme_agency",
            _("Support programme agency"),
            _(
                "An organisation that runs a nationally funded support programme for municipal "
                "cooperation, such as VNG International for LOGO East and LOGO South."
            ),
            "ch. 1.5.2",
        ),
        (
            "citizen",
            _("Individual citizen"),
            _(
                "A resident who takes part in or starts activities within the partnership "
                "without representing an organisation."
            ),
            "ch. 2.7.2",
        ),
        (
            "migrant",
            _("Migrant"),
            _(
                "A person who moved, or whose parents moved, from the partner country to the "
                "other country; often a go-between, interpreter or initiator."
            ),
            "ch. 8.4",
        ),
    ],
)

ACTOR_ROLE = _vocabulary(
    "actor_role",
    _("Actor role"),
    _(
        "The part an actor plays in the partnership or in a particular exchange; one actor can "
        "hold several roles at once."
    ),
    "ch. 8.4.2",
    [
        (
            "initiator",
            _("Initiator"),
            _(
                "The actor who took the first step to start the partnership or a project, such "
                "as a municipality, a platform or members of a migrant community."
            ),
            "ch. 1.6.2",
        ),
        (
            "key_person",
            _("Key person"),
            _(
                "An individual whose personal commitment, knowledge or network keeps the "
                "exchange going and on whom much of the cooperation depends."
            ),
            "ch. 8.4.2",
        ),
        (
            "facilitator",
            _("Facilitator"),
            _(
                "An actor who makes exchanges possible by arranging contacts, programmes or "
                "logistics and by bridging cultural gaps between the partners."
            ),
            "ch. 8.4.2",
        ),
        (
            "interpreter",
            _("Interpreter"),
            _(
                "An actor who translates between the partners' languages and explains cultural "
                "context during visits, meetings or the exchange of documents."
            ),
            "ch. 8.4.2",
        ),
        (
            "coordinator",
            _("Coordinator"),
            _(
                "The officer or organisation responsible for organising an exchange programme "
                "and keeping in regular contact with the partner."
            ),
            "ch. 8.7",
        ),
        (
            "expert",
            _("Expert"),
            _(
                "A professional who brings specialist knowledge, such as waste management or "
                "fire safety, into the exchange with peers."
            ),
            "ch. 8.2.2",
        ),
        (
            "funder",
            _("Funder"),
            _(
                "An actor that pays for exchanges or projects, such as a municipality from its "
                "budget, a support programme or a private donor."
            ),
            "ch. 8.3.3",
        ),
        (
            "participant",
            _("Participant"),
            _(
                "An actor who takes part in exchanges or activities, and may learn from them, "
                "without a leading or organising role."
            ),
            "ch. 2.8.2",
        ),
    ],
    multiple=True,
)

OBJECTIVE_TYPE = _vocabulary(
    "objective_type",
    _("Objective"),
    _(
        "A reason an actor has for taking part in the partnership or a project; whether it is "
        "clearly formulated affects whether learning happens and is noticed."
    ),
    "ch. 8.2",
    [
        (
            "solidarity",
            _("Solidarity and altruism"),
            _(
                "The wish to help people or municipalities elsewhere who are seen as less "
                "fortunate, without expecting a return."
            ),
            "ch. 8.2.2",
        ),
        (
            "professional_solidarity",
            _("Professional solidarity"),
            _(
                "The wish to help fellow professionals abroad, such as firefighters or waste "
                "experts, out of a shared professional identity."
            ),
            "ch. 8.2.2",
        ),
        (
            "strengthening_local_governance",
            _("Strengthening local governance"),
            _(
                "Improving how a municipality delivers services, runs its administration or "
                "involves citizens in decisions."
            ),
            "ch. 2.8.1",
        ),
        (
            "economic_development",
            _("Economic development"),
            _(
                "Creating business, trade or investment opportunities and improving economic "
                "conditions in one or both localities."
            ),
            "ch. 2.8.1",
        ),
        (
            "diversity_integration",
            _("Learning about diversity and integration"),
            _(
                "Learning how to deal with a more diverse population and support the integration "
                "of migrants, through contact with their places of origin."
            ),
            "ch. 1.6.2",
        ),
        (
            "combating_prejudice",
            _("Combating prejudice, getting to know the other"),
            _(
                "Breaking down stereotypes and building bridges between the two societies by "
                "letting people meet and see each other's everyday reality."
            ),
            "ch. 8.5.1",
        ),
        (
            "corporate_social_responsibility",
            _("Corporate social responsibility"),
            _(
                "A company's wish to contribute to society, for example by sharing its expertise "
                "abroad, as part of its social responsibility policy."
            ),
            "ch. 8.2.2",
        ),
        (
            "international_norms",
            _("Meeting international norms"),
            _(
                "Meeting standards set from outside, such as EU accession requirements, for "
                "example on the handling of hazardous waste."
            ),
            "ch. 8.2.1",
        ),
    ],
)

# --- Projects and scale levels (ch. 2.8.1, 8.2, 8.5) ---------------------------

PROJECT_TYPE = _vocabulary(
    "project_type",
    _("Project type"),
    _(
        "The thematic kind of a project within a partnership; a project can be of several types, "
        "as the boundaries between them are blurred in practice."
    ),
    "ch. 2.8.1",
    [
        (
            "local_governance",
            _("Strengthening local governance"),
            _(
                "Projects on public services, public administration or citizen participation, "
                "usually aimed at the partner municipality in the South or East."
            ),
            "ch. 2.8.1",
        ),
        (
            "economic_development",
            _("Economic development"),
            _(
                "Projects that aim to stimulate the local economy, trade or business, with "
                "potential benefits for both municipalities."
            ),
            "ch. 2.8.1",
        ),
        (
            "transnational_linkages",
            _("Transnational linkages and mobility"),
            _(
                "Projects built around ties and movement of people between the two countries, "
                "from which both partners are expected to benefit."
            ),
            "ch. 2.8.1",
        ),
        (
            "integration",
            _("Integration of migrants"),
            _(
                "Projects that help the destination municipality integrate residents of migrant "
                "origin, using the link with their region of origin."
            ),
            "ch. 2.8.1",
        ),
    ],
    multiple=True,
)

SCALE_LEVEL = _vocabulary(
    "scale_level",
    _("Scale level"),
    _(
        "The level at which mutuality is judged, from a single project or the whole partnership "
        "up to the wider community and national or international relations."
    ),
    "ch. 8.5",
    [
        (
            "project",
            _("Project"),
            _(
                "A single, bounded activity within the partnership, with its own aims, budget "
                "and participants."
            ),
            "ch. 2.8.1",
        ),
        (
            "partnership",
            _("Partnership"),
            _(
                "The whole long-term relationship between the two municipalities, covering all "
                "projects and contacts under it."
            ),
            "ch. 2.8.1",
        ),
        (
            "local_community",
            _("Local community"),
            _(
                "The wider population of the two localities beyond those directly involved, for "
                "instance residents whose image of the other country changes."
            ),
            "ch. 8.5.2",
        ),
        (
            "national",
            _("National"),
            _(
                "Relations between the two countries as a whole, such as national governments' "
                "interest in building bridges between them."
            ),
            "ch. 8.5.3",
        ),
        (
            "international",
            _("International"),
            _(
                "Relations beyond the two countries, such as ties between Europe and its "
                "neighbours or international peacebuilding."
            ),
            "ch. 8.5.3",
        ),
    ],
)

# --- Partnerships and places (ch. 1.2, 1.6) ------------------------------------

MIGRATION_ROLE = _vocabulary(
    "migration_role",
    _("Role in migration"),
    _("Whether a place mainly sends migrants to, or receives migrants from, the partner country."),
    "ch. 1.6.1",
    [
        (
            "source",
            _("Migrant source"),
            _(
                "A country or municipality that many emigrants come from, such as Morocco and "
                "Turkey in relation to the Netherlands."
            ),
            "ch. 1.6.1",
        ),
        (
            "destination",
            _("Migrant destination"),
            _(
                "A country or municipality where many migrants and their descendants have "
                "settled, such as the Netherlands."
            ),
            "ch. 1.6.1",
        ),
    ],
)

PARTNERSHIP_FORM = _vocabulary(
    "partnership_form",
    _("Form of cooperation"),
    _(
        "How a municipality cooperates with a migrant source country: through a formal link with "
        "one municipality or by supporting civil society initiatives."
    ),
    "ch. 1.6.3",
    [
        (
            "city_link",
            _("City link"),
            _(
                "A formal bilateral relationship between two municipalities in different "
                "countries, with exchanges between them."
            ),
            "ch. 1.6.3",
        ),
        (
            "codevelopment_support",
            _("Support for co-development initiatives"),
            _(
                "The municipality funds or guides initiatives by migrants or civil society for "
                "development in their region of origin, without a formal city link."
            ),
            "ch. 1.6.3",
        ),
    ],
)

PARTNERSHIP_STATUS = _vocabulary(
    "partnership_status",
    _("Status"),
    _("Whether a partnership is running, temporarily scaled down or finished."),
    "ch. 1.6.3",
    [
        (
            "active",
            _("Active"),
            _("Exchanges or projects between the partners are taking place or being prepared."),
            "ch. 1.6.3",
        ),
        (
            "on_hold",
            _("On hold"),
            _(
                "The partnership still exists but exchanges have been scaled down or paused, for "
                "example because of budget cuts."
            ),
            "ch. 8.6",
        ),
        (
            "ended",
            _("Ended"),
            _("The partnership has been terminated or abandoned and no longer has any activities."),
            "ch. 1.6.3",
        ),
    ],
)

INITIATION = _vocabulary(
    "initiation",
    _("How the partnership was initiated"),
    _(
        "The route by which a partnership came about: started by the municipality, formed "
        "through a municipal platform, or begun by civil society making first contact."
    ),
    "ch. 1.6.2",
    [
        (
            "municipal_initiative",
            _("Municipal initiative"),
            _("A local government itself took the initiative to set up the partnership."),
            "ch. 1.6.2",
        ),
        (
            "municipal_platform",
            _("Municipal platform"),
            _(
                "The partnership grew out of a platform of several municipalities, such as the "
                "Morocco Municipal Platform hosted by VNG International."
            ),
            "ch. 1.6.2",
        ),
        (
            "civil_society",
            _("Civil society"),
            _(
                "Citizens, migrant communities or NGOs made the first contacts and asked the "
                "municipalities to start a partnership."
            ),
            "ch. 1.6.2",
        ),
    ],
)

TRANSLOCAL_LINKAGE = _vocabulary(
    "translocal_linkage",
    _("Translocal linkage"),
    _(
        "How far migrants living in one partner municipality originate from the other, tying the "
        "two places together through people."
    ),
    "ch. 8.4",
    [
        (
            "none",
            _("None"),
            _(
                "Few or no residents of the destination municipality have roots in the partner "
                "municipality or its region."
            ),
            "ch. 8.4.1",
        ),
        (
            "limited",
            _("Limited"),
            _(
                "Migrants in the destination municipality come from the partner country or "
                "region, but mostly not from the partner municipality itself."
            ),
            "ch. 8.4.1",
        ),
        (
            "direct",
            _("Direct"),
            _(
                "A sizeable migrant community in the destination municipality originates from "
                "the partner municipality itself."
            ),
            "ch. 2.4.2",
        ),
    ],
)

# --- Exchanges and knowledge (ch. 1.2, 2.5) ------------------------------------

EXCHANGE_DIRECTION = _vocabulary(
    "exchange_direction",
    _("Direction of exchange"),
    _("Whether an exchange links actors in the two partner localities or actors within a single locality."),
    "ch. 1.2",
    [
        (
            "vertical",
            _("Vertical (inter-municipal)"),
            _(
                "An exchange between actors in the two localities, such as the two local "
                "governments or two NGOs."
            ),
            "ch. 1.2",
        ),
        (
            "horizontal",
            _("Horizontal (intra-municipal)"),
            _("An exchange between governmental and non-governmental actors within the same locality."),
            "ch. 1.2",
        ),
    ],
)

EXCHANGE_METHOD = _vocabulary(
    "exchange_method",
    _("Method of exchange"),
    _(
        "The way knowledge is passed on in an exchange, which also shapes what kind of knowledge "
        "can be shared."
    ),
    "ch. 2.5.2",
    [
        (
            "peer_to_peer",
            _("Peer-to-peer exchange"),
            _(
                "Colleagues doing the same kind of work in both localities share experience "
                "directly with each other."
            ),
            "ch. 2.5.2",
        ),
        (
            "meeting_workshop",
            _("Meetings and workshops"),
            _(
                "Group sessions organised by the municipalities involved to discuss a theme or "
                "work on a problem together."
            ),
            "ch. 2.5.2",
        ),
        (
            "field_visit",
            _("Field visit"),
            _("A visit to places or organisations of thematic interest to see practice on the ground."),
            "ch. 2.5.2",
        ),
        (
            "third_party_conference",
            _("Third-party conference"),
            _(
                "A conference or event organised by others, such as a local-government "
                "association, where the partners meet and exchange."
            ),
            "ch. 2.5.2",
        ),
        (
            "training_course",
            _("Training course"),
            _("A structured course for municipal officers, often offered within a support programme."),
            "ch. 2.5.2",
        ),
        (
            "document_exchange",
            _("Exchange of (translated) documents"),
            _(
                "Sharing written material such as policies, plans or manuals, often translated "
                "for the partner."
            ),
            "ch. 2.5.2",
        ),
    ],
)

EXCHANGE_SETTING = _vocabulary(
    "exchange_setting",
    _("Setting"),
    _("Whether the exchange took place in an organised learning setting or in casual, everyday contact."),
    "ch. 2.5.2",
    [
        (
            "formal",
            _("Formal"),
            _(
                "A planned setting with a learning purpose, such as a seminar, workshop or "
                "organised field visit."
            ),
            "ch. 2.5.2",
        ),
        (
            "informal",
            _("Informal"),
            _(
                "Unplanned contact around the programme, such as conversations over dinner or "
                "while travelling."
            ),
            "ch. 2.5.2",
        ),
    ],
)

EXCHANGE_STAGE = _vocabulary(
    "exchange_stage",
    _("Stage"),
    _(
        "Where an exchange stands in the course of cooperation: a first exploratory visit or "
        "continued work building on earlier contacts."
    ),
    "ch. 8.3.4",
    [
        (
            "exploratory",
            _("Exploratory visit"),
            _(
                "A first visit to get to know the partner and explore possibilities, often "
                "without a project plan or budget yet."
            ),
            "ch. 8.3.4",
        ),
        (
            "follow_up",
            _("Follow-up"),
            _("An exchange that builds on earlier contacts, continuing or deepening joint work and trust."),
            "ch. 8.3.4",
        ),
    ],
)

KNOWLEDGE_TYPE = _vocabulary(
    "knowledge_type",
    _("Type of knowledge"),
    _(
        "How explicit and portable the exchanged knowledge is, from personal know-how to "
        "written, general knowledge."
    ),
    "ch. 2.5.2",
    [
        (
            "tacit",
            _("Tacit"),
            _(
                "Personal know-how and ways of doing things that people are often unaware of, "
                "shared mainly through face-to-face contact."
            ),
            "ch. 2.5.2",
        ),
        (
            "implicit",
            _("Implicit, context-embedded"),
            _(
                "A sense of what is socially and culturally appropriate in a particular setting, "
                "bound to a local, national or organisational context."
            ),
            "ch. 2.5.2",
        ),
        (
            "codified",
            _("Codified, generalised"),
            _(
                "Knowledge that has been written down systematically, for example in manuals or "
                "regulations, and is therefore widely accessible."
            ),
            "ch. 2.5.2",
        ),
    ],
)

KNOWLEDGE_DOMAIN = _vocabulary(
    "knowledge_domain",
    _("Domain of knowledge"),
    _(
        "The subject area of the knowledge exchanged; as local governments take on an enabling "
        "role they need more than technical knowledge."
    ),
    "ch. 2.2.1",
    [
        (
            "technical",
            _("Technical"),
            _(
                "Know-how about a specific sector or service, such as waste management, fire "
                "safety or public health."
            ),
            "ch. 2.2.1",
        ),
        (
            "management",
            _("Management"),
            _(
                "Knowledge about organising and running an organisation, such as planning, staff "
                "and administrative processes."
            ),
            "ch. 2.2.1",
        ),
        (
            "political",
            _("Political"),
            _(
                "Knowledge about political processes and relations, such as decision-making, "
                "citizen participation and dealing with stakeholders."
            ),
            "ch. 2.2.1",
        ),
        (
            "legal",
            _("Legal"),
            _("Knowledge about laws and regulations and about the powers and duties of government bodies."),
            "ch. 2.2.1",
        ),
        (
            "cultural",
            _("Cultural"),
            _(
                "Knowledge about customs, norms and ways of doing things in a particular society "
                "or organisation."
            ),
            "ch. 2.5.1",
        ),
    ],
)

# --- Learning (ch. 2.5.3, 2.5.5, 8.7) ------------------------------------------

LEARNING_FORM = _vocabulary(
    "learning_form",
    _("Form of learning"),
    _(
        "How what people meet in the partnership is taken up: a practice copied or adjusted, "
        "assumptions rethought, a lesson in what to avoid, or, as global citizenship, a new "
        "understanding of the other society."
    ),
    "ch. 2.5.3",
    [
        (
            "transfer",
            _("Transfer (copy)"),
            _(
                "A practice is taken over largely unchanged, on the assumption that it will work "
                "the same way in the new setting."
            ),
            "ch. 2.5.3",
        ),
        (
            "adaptation",
            _("Adaptation (single loop)"),
            _(
                "A practice is adjusted to fit the local situation; actions change but the "
                "underlying goals and assumptions stay the same."
            ),
            "ch. 2.5.3",
        ),
        (
            "transformative",
            _("Transformative (double loop)"),
            _(
                "Experience of another context leads people to question their own assumptions "
                "and values and to change their approach fundamentally."
            ),
            "ch. 2.5.3",
        ),
        (
            "negative",
            _("Negative learning"),
            _("Learning what not to do, from practices or results one wants to avoid."),
            "ch. 2.5.3",
        ),
        (
            "global_citizenship",
            _("Global citizenship"),
            _(
                "Getting to know the other: images and prejudices about the partner society give way "
                "to a more realistic view, building bridges between the two societies. Chapter 8.7 "
                "adds this form to those of chapter 6."
            ),
            "ch. 8.7",
        ),
    ],
)

SKILL = _vocabulary(
    "skill",
    _("Skill learned"),
    _("The kinds of skills or knowledge a person gained through the exchange; several can apply at once."),
    "ch. 2.5.3",
    [
        (
            "instrumental",
            _("Instrumental"),
            _("Practical skills for specific tasks, such as using computers or writing project proposals."),
            "ch. 2.5.3",
        ),
        (
            "process",
            _("Process"),
            _("Skills for working with others, such as cooperating, communicating and handling diversity."),
            "ch. 2.5.3",
        ),
        (
            "factual",
            _("Factual"),
            _(
                "Knowledge about specific issues, such as environmental rules or how a service "
                "is organised elsewhere."
            ),
            "ch. 2.5.3",
        ),
        (
            "dispositional",
            _("Dispositional"),
            _("Changes in attitudes, values or outlook, such as greater openness towards another culture."),
            "ch. 2.5.3",
        ),
        (
            "political_civic",
            _("Political and civic"),
            _(
                "Learning how society and government work and how to take part in them, reaching "
                "beyond one's own group to local, national or international affairs."
            ),
            "ch. 2.5.3",
        ),
    ],
    multiple=True,
)

LEARNING_THEME = _vocabulary(
    "learning_theme",
    _("Learning theme"),
    _(
        "A broad theme of what people learned in the case-study partnerships, beyond specific "
        "technical lessons."
    ),
    "ch. 8.7",
    [
        (
            "reflection_own_work",
            _("Reflection on one's own work"),
            _(
                "Seeing one's own work practices in a new light through contact with another "
                "context, for example noticing how rule-bound one's organisation is."
            ),
            "ch. 8.3.2",
        ),
        (
            "cultural_exchange",
            _("General cultural exchange"),
            _("Getting to know the culture, customs and daily life of the partner society in general."),
            "ch. 2.7.1",
        ),
        (
            "diversity",
            _("Learning on diversity"),
            _(
                "Learning how to deal with a diverse population and understanding the background "
                "of residents of migrant origin."
            ),
            "ch. 8.4.1",
        ),
        (
            "global_citizenship",
            _("Global citizenship, combating prejudice"),
            _(
                "Becoming aware of one's ties with people elsewhere, letting go of stereotypes "
                "and building bridges between societies."
            ),
            "ch. 8.5.1",
        ),
    ],
)

ISSUE_RELATION = _vocabulary(
    "issue_relation",
    _("Similar or complementary issue"),
    _("Whether the partners learn about the same subject or about different subjects within one exchange."),
    "ch. 2.8.1",
    [
        (
            "similar",
            _("Similar issue"),
            _("Both partners learn about the same subject, for example both about youth participation."),
            "ch. 2.8.1",
        ),
        (
            "complementary",
            _("Complementary issue"),
            _(
                "Each partner learns about a different subject in the same exchange, for example "
                "one about waste management and the other about human resources."
            ),
            "ch. 2.8.1",
        ),
    ],
)

LEARNING_FLAG = _vocabulary(
    "learning_flag",
    _("What became of the learning"),
    _(
        "Markers of how far learning went: whether it was planned, noticed, put into practice, "
        "shared with others and anchored in the organisation."
    ),
    "ch. 2.5.5",
    [
        (
            "intended",
            _("Intended"),
            _(
                "The learning matches objectives set beforehand for the project or exchange, as "
                "opposed to learning that was not planned."
            ),
            "ch. 2.5.2",
        ),
        (
            "recognised",
            _("Recognised"),
            _(
                "The people involved are aware that learning took place and can name it, rather "
                "than it going unnoticed as a side effect."
            ),
            "ch. 8.2.1",
        ),
        (
            "implemented",
            _("Implemented"),
            _(
                "The lesson has been put into practice, for instance in a new policy, procedure "
                "or way of working."
            ),
            "ch. 2.5.3",
        ),
        (
            "disseminated_internally",
            _("Disseminated internally"),
            _(
                "The knowledge has been shared with colleagues in the same organisation beyond "
                "those directly involved in the exchange."
            ),
            "ch. 2.5.5",
        ),
        (
            "disseminated_externally",
            _("Disseminated externally"),
            _(
                "The knowledge has been passed on to other organisations, such as other "
                "municipalities, NGOs or knowledge institutions."
            ),
            "ch. 10, rec. 2",
        ),
        (
            "institutionalised",
            _("Institutionalised"),
            _(
                "The knowledge is embedded in the organisation's rules, routines or structure, "
                "so that it survives when staff leave."
            ),
            "ch. 2.5.5",
        ),
    ],
    multiple=True,
)

# --- Dimensions of mutual learning (ch. 2.8.3, 8.3, 8.4, Table 8.1) ------------

DIMENSION = _vocabulary(
    "dimension",
    _("Dimension of mutual learning"),
    _(
        "A factor that affects whether both partners learn from the exchange: five drawn from "
        "the literature, plus translocal linkages found in the case studies."
    ),
    "ch. 2.8.3",
    [
        (
            "professional_similarity",
            _("Similarity between professionals"),
            _(
                "Partners doing the same kind of work understand each other's job, which makes "
                "dialogue and trust easier."
            ),
            "ch. 8.3.1",
        ),
        (
            "difference_recognition",
            _("Differences, and their recognition and appreciation"),
            _(
                "Differences in context give partners something new to learn, provided they "
                "recognise and value those differences as a source of learning."
            ),
            "ch. 8.3.2",
        ),
        (
            "complementary_resources",
            _("Complementary resources"),
            _(
                "Each partner contributes something the other finds useful, such as money, "
                "expertise, hospitality or time."
            ),
            "ch. 8.3.3",
        ),
        (
            "process_trust",
            _("Process-based trust"),
            _(
                "Trust that grows through repeated contact and continued collaboration over the "
                "years, easing open exchange of knowledge."
            ),
            "ch. 8.3.4",
        ),
        (
            "power_equality",
            _("Power and equality"),
            _(
                "Whether partners deal with each other on an equal footing or one side "
                "dominates, for instance through money or assumed superior knowledge."
            ),
            "ch. 8.3.5",
        ),
        (
            "translocal_linkages",
            _("Translocal linkages"),
            _(
                "Ties between the localities through migrants who live in one and come from the "
                "other, which widen what the partners can exchange and learn."
            ),
            "ch. 8.4",
        ),
    ],
)

ASSESSMENT = _vocabulary(
    "assessment",
    _("Importance of a dimension"),
    _(
        "How much a dimension mattered for mutual learning in a given context, such as a "
        "subject, a kind of exchange or one side of the partnership."
    ),
    "ch. 8.3, Table 8.1",
    [
        (
            "strong",
            _("Strong"),
            _("The dimension clearly and substantially shaped mutual learning in this context."),
            "ch. 8.3, Table 8.1",
        ),
        (
            "moderate",
            _("Moderate"),
            _("The dimension played some part in mutual learning in this context, but not a decisive one."),
            "ch. 8.3, Table 8.1",
        ),
        (
            "limited",
            _("Limited"),
            _("The dimension played little part in mutual learning in this context."),
            "ch. 8.3, Table 8.1",
        ),
    ],
)

FACTOR_ROLE = _vocabulary(
    "factor_role",
    _("Role of a dimension"),
    _(
        "Whether a dimension helped or hindered mutual learning in a given context; the same "
        "dimension can do both in different contexts."
    ),
    "ch. 8.3",
    [
        (
            "enabling",
            _("Enabling"),
            _("The dimension made learning easier or more likely in this context."),
            "ch. 8.3",
        ),
        (
            "limiting",
            _("Limiting"),
            _("The dimension held back or prevented learning in this context."),
            "ch. 8.3",
        ),
    ],
)

# --- Mutuality itself (ch. 2.7, 8.2) -------------------------------------------

MUTUALITY_VIEW = _vocabulary(
    "mutuality_view",
    _("View of mutuality"),
    _(
        "Two linked ways of looking at mutuality: as what the partners put in on equal terms, or "
        "as what both of them get out of it."
    ),
    "ch. 2.7.2",
    [
        (
            "espoused_value",
            _("Espoused value"),
            _("Mutuality understood as partners bringing complementary resources under equal conditions."),
            "ch. 8.3.3",
        ),
        (
            "grounded_incentive",
            _("Grounded incentive"),
            _(
                "Mutuality understood as both partners gaining something, such as learning, from "
                "the partnership."
            ),
            "ch. 8.3",
        ),
    ],
)

INEQUALITY = _vocabulary(
    "inequality",
    _("Inequality in the relationship"),
    _(
        "A kind of imbalance between partners from richer and poorer countries that can stand in "
        "the way of mutual learning."
    ),
    "ch. 2.6.3",
    [
        (
            "knowledge_recognition",
            _("Unequal recognition of knowledge types"),
            _("Tacit, context-bound practical knowledge is valued less than written, codified knowledge."),
            "ch. 2.6.3",
        ),
        (
            "material_resources",
            _("Unequal material resources"),
            _(
                "Partners differ in money and means, which can create power differences and make "
                "it harder for the poorer partner to put lessons into practice."
            ),
            "ch. 2.6.3",
        ),
        (
            "northern_superiority",
            _("Assumed superiority of Northern knowledge"),
            _(
                "Partners from the North or West take it for granted that their knowledge is "
                "more advanced than that of their counterparts."
            ),
            "ch. 2.6.3",
        ),
    ],
)

# --- Governance networks and resources (ch. 1.5, 8.3.3, 8.6, 10) ---------------

GOVERNANCE_MODEL = _vocabulary(
    "governance_model",
    _("Governance network model"),
    _(
        "The shape of the network of actors through which a partnership works, from local "
        "governments alone to arrangements involving higher levels of government."
    ),
    "ch. 10, rec. 2",
    [
        (
            "classic_local_government",
            _("Classic local-government network"),
            _("Exchanges run mainly between the two local governments and their departments."),
            "ch. 10, rec. 2",
        ),
        (
            "multi_actor",
            _("Multi-actor network"),
            _(
                "Local governments work together with NGOs, companies, schools and other local "
                "actors in the exchange."
            ),
            "ch. 10, rec. 2",
        ),
        (
            "broader_governance",
            _("Broader governance arrangements"),
            _(
                "The partnership also draws in higher levels of government and other "
                "institutions, extending its reach beyond the local level."
            ),
            "ch. 10, rec. 2",
        ),
    ],
)

RESOURCE_KIND = _vocabulary(
    "resource_kind",
    _("Kind of resource"),
    _("The kind of contribution a partner makes to the exchange, in money or in kind."),
    "ch. 8.3.3",
    [
        (
            "financial",
            _("Financial"),
            _("Money from municipal budgets, support programmes, donations or private funds."),
            "ch. 8.3.3",
        ),
        (
            "hospitality",
            _("Hospitality"),
            _(
                "Receiving visiting delegations: welcoming guests, arranging their programme and "
                "looking after them."
            ),
            "ch. 8.3.3",
        ),
        (
            "volunteer_hours",
            _("Volunteer hours"),
            _(
                "Unpaid time people give to the partnership, including evenings that "
                "professionals spend on it."
            ),
            "ch. 8.3.3",
        ),
        (
            "lodging",
            _("Lodging"),
            _("Accommodation, and often meals, provided or paid for visiting partners."),
            "ch. 8.6",
        ),
        (
            "travel",
            _("Travel"),
            _("Travel costs, such as flights, paid for participants in an exchange."),
            "ch. 8.6",
        ),
        (
            "staff_time",
            _("Staff time"),
            _("Working hours that paid staff spend on the exchange instead of their regular duties."),
            "ch. 8.3.3",
        ),
        (
            "goods",
            _("Donated goods"),
            _("Equipment or other goods given to the partner, often collected by NGOs or citizens."),
            "ch. 2.8.2",
        ),
    ],
)

RESOURCE_UNIT = _vocabulary(
    "resource_unit",
    _("Unit of a resource"),
    _("The unit in which the amount of a resource contribution is recorded."),
    "ch. 8.3.3",
    [
        ("eur", _("Euro"), _("An amount of money in euros."), "ch. 8.6"),
        (
            "hours",
            _("Hours"),
            _("Time in hours, for example volunteer or staff hours."),
            "ch. 8.3.3",
        ),
        (
            "days",
            _("Person-days"),
            _("Working time counted in days spent by one person."),
            "ch. 8.3.3",
        ),
        ("nights", _("Nights"), _("The number of nights of accommodation provided."), "ch. 8.6"),
        (
            "persons",
            _("Persons"),
            _("A number of people, for example the size of a delegation or the number of guests hosted."),
            "ch. 8.3.3",
        ),
        ("items", _("Items"), _("A number of goods or pieces of equipment."), "ch. 8.3.3"),
    ],
)

DATE_PRECISION = _vocabulary(
    "date_precision",
    _("Precision of a date"),
    _(
        "How exactly the date of an exchange or event is known, so that partial dates can be "
        "recorded without inventing detail."
    ),
    "ch. 8.3.4",
    [
        ("day", _("Day"), _("The exact day is known."), "ch. 1.6.2"),
        ("month", _("Month"), _("Only the month and year are known."), "ch. 8.5.2"),
        ("year", _("Year"), _("Only the year is known."), "ch. 8.2.2"),
    ],
)

# --- Evidence (ch. 1.7, 8.1) ---------------------------------------------------

SOURCE_KIND = _vocabulary(
    "source_kind",
    _("Kind of source"),
    _(
        "What a piece of qualitative evidence is, which tells a reader how it was produced and how "
        "much weight it can carry."
    ),
    "ch. 1.7",
    [
        (
            "interview",
            _("Interview transcript"),
            _("The written record of an interview with a respondent involved in a partnership."),
            "ch. 8.1",
        ),
        (
            "observation",
            _("Observation notes"),
            _("Notes a researcher made while observing meetings, visits or other exchanges."),
            "ch. 1.7",
        ),
        (
            "document",
            _("Document"),
            _("A policy paper, report, plan or other document written by or about the partnership."),
            "ch. 1.7",
        ),
        (
            "survey_answer",
            _("Open survey answer"),
            _("A respondent's answer, in their own words, to an open question in a survey."),
            "ch. 1.6",
        ),
    ],
)

# --- Recommendations (ch. 10) --------------------------------------------------

RECOMMENDATION = _vocabulary(
    "recommendation",
    _("Recommendation"),
    _(
        "One of the seven recommendations of the study for local governments and other actors, "
        "which can be triggered by patterns in the data."
    ),
    "ch. 10",
    [
        (
            "seek_mutual_learning",
            _("Actively look for opportunities for mutual learning"),
            _(
                "Deliberately seek chances for both sides to learn, based on equality and "
                "openness, with policies that serve the objectives of both partners."
            ),
            "ch. 10, rec. 1",
        ),
        (
            "use_governance_networks",
            _("Use local governance networks for broader governance"),
            _(
                "Use local networks to involve higher levels of government and other "
                "organisations, and encourage spreading and embedding what is learned."
            ),
            "ch. 10, rec. 2",
        ),
        (
            "peer_to_peer",
            _("Use the strength of peer-to-peer learning"),
            _(
                "Make more use of learning between colleagues in capacity building by "
                "encouraging equal exchanges and openness to learn."
            ),
            "ch. 10, rec. 3",
        ),
        (
            "support_civil_society",
            _("Keep local governments involved in civil society initiatives"),
            _(
                "Make sure local governments keep giving at least basic support to civil society "
                "initiatives, so that these can take root and last."
            ),
            "ch. 10, rec. 4",
        ),
        (
            "invest_long_term",
            _("Invest time and resources for the long term"),
            _(
                "Commit enough time, capacity and money over a long period, with clear "
                "objectives and realistic expectations, instead of one-off actions."
            ),
            "ch. 10, rec. 5",
        ),
        (
            "act_not_react",
            _("Shape international relations as actors, not re-actors"),
            _(
                "Local governments should take the lead in shaping international relations "
                "around their own aims rather than only responding to outside developments."
            ),
            "ch. 10, rec. 6",
        ),
        (
            "include_migrants",
            _("Include migrants and migrant organisations"),
            _(
                "Involve more migrants and migrant organisations, inform a wider public about "
                "the exchanges, and draw on migrants' knowledge and networks."
            ),
            "ch. 10, rec. 7",
        ),
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
        SOURCE_KIND,
        RECOMMENDATION,
        SDG,
    )
}


def vocabulary(key: str) -> Vocabulary:
    """The vocabulary called ``key``; a clear error for a name that is not one."""
    try:
        return VOCABULARIES[key]
    except KeyError:
        raise KeyError(f"no vocabulary {key!r}; known: {', '.join(VOCABULARIES)}") from None

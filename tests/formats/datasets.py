"""Small data files for the loader, exporter and command-line tests, and helpers to check problems.

The tests write these strings into ``tmp_path``; they never depend on the
bundled case studies, which are edited independently.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

from mutuality.formats.problems import DataFileError, Problem

# Two municipalities, one programme and one partnership with every kind of record on both sides.
VALID_DATASET = """\
municipalities:
  - key: zeist
    name: Zeist
    country: NL
    region: Utrecht
    population: 61000
    population_year: 2011
    migration_role: destination
    source: ch. 1.6.3
  - key: berkane
    name: Berkane
    country: MA
    migration_role: source
    source: ch. 1.6.3

support_programmes:
  - key: matra
    name: MATRA
    funder: Dutch Ministry of Foreign Affairs
    start_year: 2007
    end_year: 2010
    focus: youth participation and waste management in Morocco

partnerships:
  - key: zeist-berkane
    name: Zeist–Berkane
    municipalities: [zeist, berkane]
    since: 2004
    initiation: municipal_platform
    translocal_linkage: limited
    governance_model: multi_actor
    description: A city link between Zeist and Berkane.
    source: ch. 1.6.3

    actors:
      - key: zeist-international-desk
        side: zeist
        name: Coordinator international cooperation
        type: international_desk
        roles: [coordinator, initiator]
      - key: berkane-municipality
        side: berkane
        name: Municipality of Berkane
        type: local_government

    projects:
      - key: youth-participation
        name: Youth participation
        types: [local_governance]
        support_programme: matra
        start_year: 2007
        end_year: 2010
        budget_eur: 4000
        subjects: [youth participation]
        sdgs: [sdg_11, sdg_16]
        sdg_targets: ["16.7"]

    objectives:
      - key: berkane-youth
        side: berkane
        actor: berkane-municipality
        project: youth-participation
        type: strengthening_local_governance
        wording: Young people take part in local decisions.
        clearly_formulated: true

    exchanges:
      - key: 2008-visit-to-zeist
        title: Youth workers visit Zeist
        project: youth-participation
        start: "2008-05"
        end: "2008-06"
        method: field_visit
        host: zeist
        participants:
          - side: berkane
            actor: berkane-municipality
            count: 4
          - side: zeist
            actor: zeist-international-desk
        knowledge:
          - from: zeist
            to: berkane
            type: tacit
            domain: management
            description: How a youth council is run.
          - from: berkane
            to: zeist
            type: implicit
            domain: cultural
            description: What young Moroccans expect of a municipality.

    learning_outcomes:
      - key: berkane-youth-council
        side: berkane
        actor: berkane-municipality
        learned_from: zeist
        project: youth-participation
        exchange: 2008-visit-to-zeist
        description: Set up a youth council.
        form: adaptation
        skills: [process]
        intended: true
        implemented: true
      - key: zeist-moroccan-youth
        side: zeist
        learned_from: berkane
        exchange: 2008-visit-to-zeist
        description: Better understanding of Moroccan-Dutch young people in Zeist.
        form: transfer
        theme: diversity
        recognised: true

    resources:
      - key: zeist-yearly-budget
        side: zeist
        actor: zeist-international-desk
        project: youth-participation
        programme: matra
        kind: financial
        amount: 4000
        unit: eur
        start_year: 2007
        end_year: 2010
"""


def variant(old: str, new: str, text: str = VALID_DATASET) -> str:
    """The dataset with one passage changed (the passage must occur exactly once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write(folder: Path, text: str, name: str = "data.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """The 1-based number of the only line containing ``fragment``."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(lines) == 1, f"{fragment!r} is on lines {lines}"
    return lines[0]


def record_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for model in apps.get_app_config("partnerships").get_models()
    }


def assert_nothing_saved() -> None:
    counts = record_counts()
    assert counts, "no partnership models found"
    assert all(count == 0 for count in counts.values()), counts


def reported(error: DataFileError, path: Path, line: int | None, field: str | None) -> Problem:
    """The problem reported for ``field`` at ``line`` of ``path``; the message names all three."""
    matching = [p for p in error.problems if p.field == field and p.line == line]
    assert matching, f"nothing reported for field {field!r} on line {line}:\n{error}"
    problem = matching[0]
    assert problem.file == str(path)
    where = f"{path}, line {line}" if line is not None else str(path)
    assert where in str(error)
    if field is not None:
        assert f"field '{field}'" in str(error)
    return problem

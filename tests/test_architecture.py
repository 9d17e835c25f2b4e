"""ARCHITECTURE.md tells the truth (issue 16): every package is placed, and the data model is what the models give."""

from __future__ import annotations

import re
from pathlib import Path

from mutuality import datamodel

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mutuality"
LAYERS = ("core", "models", "rules", "services", "entry points")


def architecture() -> str:
    return (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return architecture().split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def packages_on_disk() -> list[str]:
    """Every subpackage (``name/``) and top-level module (``name.py``) of ``src/mutuality``."""
    found = [f"{path.name}/" for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()]
    found += [path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py"]
    return sorted(found)


def package_table() -> dict[str, str]:
    """Package → layer, from the rows of the table under "## Packages"."""
    rows = re.findall(r"^\| `([\w.]+/?)` \| ([^|]+?) \|", section("Packages"), re.M)
    return dict(rows)


def layer_diagram() -> dict[str, str]:
    """Package → layer, from the diagram under "## Layers" (a line without a layer name continues the last)."""
    diagram = re.search(r"```\n(.*?)```", section("Layers"), re.S).group(1)
    placed, layer = {}, None
    for line in diagram.splitlines():
        layer = next((name for name in LAYERS if line.startswith(name + " ")), layer)
        for name in re.findall(r"(?<![\w.])(\w+/|\w+\.py)(?![\w.])", line):
            placed[name] = layer
    return placed


def test_every_package_has_a_row_in_the_package_table():
    table = package_table()
    missing = [name for name in packages_on_disk() if name not in table]
    assert not missing, (
        f"ARCHITECTURE.md does not place {', '.join(missing)}: add a row to the table under "
        "'## Packages' (package, layer, what it holds, what it may import) and put it on its layer's "
        "line in the diagram under '## Layers'"
    )


def test_the_package_table_names_only_packages_that_exist_and_layers_that_do():
    table = package_table()
    gone = [name for name in table if name not in packages_on_disk()]
    assert not gone, f"ARCHITECTURE.md's package table names {', '.join(gone)}, which src/mutuality lacks"
    unknown = {name: layer for name, layer in table.items() if layer not in LAYERS}
    assert not unknown, f"layers must be one of {LAYERS}: {unknown}"


def test_the_layer_diagram_places_every_package_as_the_table_does():
    table, diagram = package_table(), layer_diagram()
    wrong = {name: (diagram.get(name), layer) for name, layer in table.items() if diagram.get(name) != layer}
    assert not wrong, (
        "ARCHITECTURE.md's layer diagram and package table disagree (package: (diagram, table)): "
        f"{wrong}; put each package on the line of its layer in the diagram under '## Layers'"
    )


def test_the_data_model_diagrams_are_generated_from_the_models():
    stale = [str(path.relative_to(ROOT)) for path in datamodel.stale_files()]
    assert not stale, f"{', '.join(stale)} out of date with the models: run `{datamodel.COMMAND}`"


def test_the_overview_has_every_model_and_reads_cardinality_from_the_fields():
    overview = datamodel.entity_diagram()
    section = datamodel.architecture_section()
    for config in datamodel.our_apps():
        for model in config.get_models():
            assert re.search(rf"^    {model.__name__}$", overview, re.M), model
            assert re.search(rf"^    {model.__name__}$", section, re.M), model
    # a required foreign key, an optional one, a one-to-one, a many-to-many, a self-reference
    assert '    Partnership ||--o{ Side : "partnership"\n' in overview
    assert '    Project |o..o{ Exchange : "project"\n' in overview
    assert '    Respondent ||--o| RespondentIdentity : "respondent"\n' in overview
    assert '    Partnership }o..o{ Source : "partnerships"\n' in overview
    assert '    Code |o..o{ Code : "parent"\n' in overview
    assert "auth" not in overview and "User" not in overview


def test_an_app_diagram_has_every_field_with_its_keys_and_the_apps_it_refers_to():
    evidence = next(config for config in datamodel.our_apps() if config.label == "evidence")
    diagram = datamodel.app_diagram(evidence)
    assert "        BigAutoField id PK\n" in diagram
    assert '        OneToOneField respondent FK, UK "Respondent"\n' in diagram
    assert '        ForeignKey coder FK "auth.User"\n' in diagram
    assert '        VocabularyField assessment "vocabulary: assessment"\n' in diagram
    assert '        PositiveIntegerField number UK "unique with source"\n' in diagram
    assert re.search(r"^    Partnership$", diagram, re.M)  # another app's model, as a bare box
    assert "Membership" not in diagram  # refers to evidence, but is drawn with accounts


def test_the_diagrams_come_out_the_same_every_time():
    assert datamodel.data_model_document() == datamodel.data_model_document()
    assert datamodel.with_section(architecture()) == architecture()

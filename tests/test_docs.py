"""The documentation is kept honest by the code: what it shows must work, and what exists must be in it."""

from __future__ import annotations

import re
from pathlib import Path

from mutuality.cli import app
from mutuality.formats import schema
from mutuality.formats.data_load import load_files
from mutuality.partnerships.models import Exchange, Partnership

ROOT = Path(__file__).resolve().parents[1]


def test_the_example_in_the_data_format_document_loads(db, tmp_path):
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    load_files([path])
    assert Partnership.objects.get().sides.count() == 2
    assert Exchange.objects.get().knowledge_flows.count() == 1


def test_the_data_format_document_names_every_field(db):
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    specs = [
        schema.MUNICIPALITY,
        schema.SUPPORT_PROGRAMME,
        schema.PARTNERSHIP,
        schema.PARTICIPANT,
        schema.KNOWLEDGE,
    ]
    specs += [spec for _name, spec in schema.PARTNERSHIP_LISTS]
    for spec in specs:
        for field in spec:
            assert re.search(rf"^\s*-? ?{field.name}:", text, re.M), f"{field.name} is not documented"


def test_the_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"`mutuality {name}" in readme, f"mutuality {name} is not in the README"


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text() for p in (ROOT / "src" / "mutuality").glob("*.py"))
    for name in sorted(set(re.findall(r'"(MUTUALITY_[A-Z_]+|DATABASE_URL)"', sources))):
        assert f"`{name}`" in readme, f"{name} is not in the README"

"""Django and every parser of files from outside keep a minimum release, the one docs/deploy.md names.

The pins are set to releases without known advisories (issue 15); dropping or lowering one would let
an install pick an older release with a published vulnerability. pip-audit itself needs the network,
so it is run by the operator (docs/deploy.md, section 7), not here.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PINNED = ("django", "lxml", "openpyxl", "defusedxml", "pypdf", "python-docx", "pyyaml")


def requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (Requirement(line) for line in project["dependencies"])
    return {requirement.name.lower(): requirement for requirement in found}


def minimum(requirement: Requirement) -> Version | None:
    lows = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==", "~=")]
    return max(lows, default=None)


def documented() -> dict[str, str]:
    """The table of section 7 of docs/deploy.md: package -> the release it names."""
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = text.split("## 7. Security updates of dependencies", 1)[1]
    rows = re.findall(r"^\| ([A-Za-z][\w.-]*) \| (\d[\w.]*) \|", section, flags=re.M)
    return {name.lower(): release for name, release in rows}


def test_django_and_every_parser_have_a_minimum_release():
    pinned = requirements()
    for name in PINNED:
        assert name in pinned, f"{name} is no longer a dependency"
        assert minimum(pinned[name]) is not None, f"{name} has no minimum release: {pinned[name]}"
    assert "<5.3" in str(pinned["django"].specifier)  # the series this version is written for


def test_the_installed_releases_meet_the_pins():
    pinned = requirements()
    for name in PINNED:
        assert pinned[name].specifier.contains(version(name), prereleases=True), (name, version(name))


def test_the_deployment_guide_names_the_same_minimum_releases():
    pinned = requirements()
    assert documented() == {name: str(minimum(pinned[name])) for name in PINNED}

"""Self-assessment instruments through the command line: `mutuality load` tells an instrument file
from partnership data, and `mutuality load-demo` brings the built-in instrument and the demo round."""

from __future__ import annotations

from tests.commandline import mutuality
from tests.formats.test_instruments import GOOD


def test_load_recognises_an_instrument_file_and_says_what_it_loaded(data_folder, tmp_path):
    """Runs the command line twice (about a second each: a new process sets Django up)."""
    path = tmp_path / "health-check.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loaded = mutuality(data_folder, "load", str(path))
    assert loaded.returncode == 0, loaded.stderr
    assert "instruments: 1 new, 0 updated" in loaded.stdout
    assert "items: 3 new, 0 updated" in loaded.stdout

    path.write_text(GOOD.replace("points: 3", "points: 4"), encoding="utf-8")
    refused = mutuality(data_folder, "load", str(path))
    assert refused.returncode == 1
    assert f"{path}, line" in refused.stderr and "field 'scale.labels'" in refused.stderr


def test_load_demo_brings_the_built_in_instrument_and_the_illustrative_rounds(demo_load):
    _folder, printed = demo_load
    assert "instruments: 1 new" in printed
    assert "self-assessment rounds: 2 new" in printed

"""Keep the translation catalogues in step with the source.

    python scripts/translations.py update    # new and changed messages into every .po file
    python scripts/translations.py compile   # .po -> .mo (committed, so an install needs no gettext)

Both need GNU gettext (``apt-get install gettext``). ``update`` is what the test
suite runs on a copy of the package to find messages missing from a catalogue,
so run it (then translate, then ``compile``) whenever you add or change a
user-facing string. See docs/translating.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mutuality"
LANGUAGES = ("nl", "fr", "tr", "ar")  # English is the source language


def _django_admin(package: Path, *args: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mutuality.settings"}
    env.setdefault(
        "MUTUALITY_DATA_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "mutuality-translations")
    )
    subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=package,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def update(package: Path = PACKAGE) -> None:
    """Extract every message of ``package`` into its ``locale/<lang>/LC_MESSAGES/django.po``."""
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    _django_admin(
        package, "makemessages", *languages, "-i", "migrations/*", "--no-obsolete", "--add-location=file"
    )


def compile(package: Path = PACKAGE) -> None:  # noqa: A001 - the gettext word for it
    """Compile every catalogue to the ``.mo`` file Django reads."""
    _django_admin(package, "compilemessages", *[arg for code in LANGUAGES for arg in ("-l", code)])


if __name__ == "__main__":
    commands = {"update": update, "compile": compile}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]]()

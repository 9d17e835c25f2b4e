"""Typed readers for settings that come from environment variables.

Strict on purpose: a typo such as ``MUTUALITY_DEBUG=ture`` should stop the
app with a message, not silently mean False.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class SettingError(ValueError):
    pass


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise SettingError(f"{name} must not be negative, not {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """Read ``NAME`` or, for container secrets, the file named by ``NAME_FILE``."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


def data_dir() -> Path:
    """The folder that holds the SQLite file, the secret key and uploads.

    ``MUTUALITY_DATA_DIR`` (also set by ``mutuality --data-dir``) wins; the
    default follows the XDG convention so a laptop install keeps its data in
    one predictable place.
    """
    chosen = os.environ.get("MUTUALITY_DATA_DIR")
    if chosen:
        path = Path(chosen).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "mutuality"
    return path.resolve()


def secret_key(folder: Path) -> str:
    """The configured secret key, or one generated once and kept in the data folder."""
    configured = env_secret("MUTUALITY_SECRET_KEY")
    if configured:
        return configured
    private_folder(folder)
    key_file = folder / "secret_key"
    if not key_file.exists():
        private_file(key_file).write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


#: What the app creates in the data folder — the folder itself, the SQLite database (SQLite gives
#: its -wal and -shm files the database's permissions), the secret key, backups — is its owner's
#: only. The command line also starts with this umask (``mutuality.cli.main``), for everything else
#: it writes; docs/deploy.md says so.
FOLDER_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077


def private_folder(path: Path) -> Path:
    """``path``, created readable by its owner only if it is not there; a folder already there is left as it is."""
    try:
        path.mkdir(mode=FOLDER_MODE, parents=True)
    except FileExistsError:
        return path
    path.chmod(FOLDER_MODE)  # the umask may only narrow mkdir's mode; this makes it exactly the owner's
    return path


def private_file(path: Path) -> Path:
    """``path``, created empty and readable by its owner only if it is not there; a file there is left as it is."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.close(descriptor)
    path.chmod(FILE_MODE)
    return path

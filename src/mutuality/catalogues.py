"""A message as Mutuality's own compiled catalogues translate it, read in place.

The workbench's code search finds a framework code by its name in any of the five languages, so
every page of it asks for those names in every language. Asked through Django (``override`` and
``gettext``), each language's whole catalogue, Django's and every installed app's merged into one,
is parsed and kept for the life of the process: about 5 MiB of a server whose users read one
language (bench/RESULTS.md). Here a compiled catalogue (``.mo``) is mapped and searched as it
lies on disk: its originals are sorted (GNU ``msgfmt`` writes them so, for this very search; the
tests check every message against Django's answer), so a message is found by reading a dozen
of its pages, which the operating system keeps once for every process.

Only Mutuality's own catalogues (``LOCALE_PATHS``) are read: what is asked here are the
framework's names, which only they hold.
"""

from __future__ import annotations

import mmap
import struct
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

_LITTLE, _BIG = 0x950412DE, 0xDE120495


class Catalogue:
    """One compiled catalogue, mapped read-only; :meth:`get` is a binary search of its originals."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as file:
            self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        (magic,) = struct.unpack_from("<I", self._data)
        order = {_LITTLE: "<", _BIG: ">"}.get(magic)
        if order is None:
            raise ValueError(f"{path} is not a compiled catalogue (.mo)")
        self._pair = struct.Struct(order + "II")
        self._count, self._originals, self._translations = struct.unpack_from(order + "III", self._data, 8)

    def _string(self, table: int, index: int) -> bytes:
        length, offset = self._pair.unpack_from(self._data, table + 8 * index)
        return self._data[offset : offset + length]

    def get(self, message: str) -> str | None:
        """The translation of ``message`` (no context, no plural), or None where it has none."""
        wanted = message.encode("utf-8")
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            original = self._string(self._originals, middle)
            if original < wanted:
                low = middle + 1
            elif original > wanted:
                high = middle
            else:
                return self._string(self._translations, middle).decode("utf-8")
        return None


@cache
def _catalogues(language: str) -> tuple[Catalogue, ...]:
    """The language's catalogues in ``LOCALE_PATHS``, first the one Django lets win."""
    folders = (Path(folder) / to_locale(language) / "LC_MESSAGES" for folder in settings.LOCALE_PATHS)
    found = (folder / "django.mo" for folder in folders)
    return tuple(Catalogue(path) for path in found if path.is_file())


def translated(message: str, language: str) -> str:
    """``message`` in ``language`` as Mutuality's catalogues have it; as it is where they lack it
    (English, or a name of a project's own). The empty message stays empty, as with Django (a
    catalogue keeps its header under it)."""
    if not message:
        return message
    for catalogue in _catalogues(language):
        found = catalogue.get(message)
        if found:
            return found
    return message

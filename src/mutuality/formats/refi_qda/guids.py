"""GUIDs for REFI-QDA: the ones other tools gave our records, else ones derived from our stable keys.

REFI-QDA names every user, code, source, selection, coding, case, variable
and note by a GUID. Our records have stable keys instead (a source's key, a
code's vocabulary term or path, a user name), so a record that never came from
a REFI-QDA file gets a name-based UUID (version 5) of its kind and keys: the
same record gets the same GUID in every export, and a file exported, imported
elsewhere and exported again keeps them. A GUID read from a file is kept in
:class:`~mutuality.qdaexchange.models.ExchangeGuid` and used from then on.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from mutuality.qdaexchange.models import ExchangeGuid

#: The namespace of Mutuality's derived GUIDs (fixed: changing it changes every export).
NAMESPACE = uuid.UUID("2f0f3c1e-6f3a-4d8e-9a35-5d4f1f0c7a21")

_BRACED = re.compile(r"^\{(.*)\}$")


def canonical(raw: str | None) -> str | None:
    """``raw`` as a lower-case GUID without braces, or None if it is not a GUID."""
    if raw is None:
        return None
    text = raw.strip()
    braced = _BRACED.match(text)
    if braced:
        text = braced.group(1)
    if not re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", text):
        return None
    return text.lower()


def derived(kind: str, *keys: object) -> str:
    """The GUID of a record of ``kind`` with these stable keys, the same in every export."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([kind, *(str(key) for key in keys)])))


class GuidBook:
    """The GUIDs kept from earlier imports, looked up once for a whole export."""

    def __init__(self, kinds: Iterable[str] | None = None) -> None:
        rows = ExchangeGuid.objects.all()
        if kinds is not None:
            rows = rows.filter(kind__in=list(kinds))
        self.kept = {(kind, key): guid for kind, key, guid in rows.values_list("kind", "object_key", "guid")}

    def get(self, kind: str, object_key: object, *keys: object) -> str:
        """The kept GUID of ``kind`` record ``object_key``, or one derived from ``keys``."""
        return self.kept.get((kind, str(object_key))) or derived(kind, *keys)


def remember(kind: str, object_key: object, guid: str | None) -> None:
    """Keep the GUID a file gave to one of our records (only real GUIDs are kept)."""
    guid = canonical(guid)
    if guid is not None:
        ExchangeGuid.objects.update_or_create(kind=kind, object_key=str(object_key), defaults={"guid": guid})

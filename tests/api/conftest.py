"""The API tests' cast: the authorization matrix's world (two partnerships, every role), with tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mutuality.api.models import ApiToken
from tests.accounts.conftest import World, world  # noqa: F401  (the shared cast)


class Api:
    """A client that sends a user's token and JSON."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, **self.headers)

    def _send(self, method: str, url: str, data: Any) -> Any:
        return getattr(self.client, method)(url, data, content_type="application/json", **self.headers)

    def post(self, url: str, data: Any) -> Any:
        return self._send("post", url, data)

    def put(self, url: str, data: Any) -> Any:
        return self._send("put", url, data)

    def patch(self, url: str, data: Any) -> Any:
        return self._send("patch", url, data)

    def delete(self, url: str) -> Any:
        return self.client.delete(url, **self.headers)


@pytest.fixture
def api(world: World) -> Any:  # noqa: F811
    """``api("editor")``: a client acting as that role of the world through a token."""

    def make(role: str) -> Api:
        user = world.users[role]
        return Api(ApiToken.issue(user)[1] if user is not None else None)

    return make

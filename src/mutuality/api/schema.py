"""The OpenAPI description: the token scheme as it shows it, and the view that serves it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mutuality.api.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `mutuality api-token USERNAME`, sent as "
            "`Authorization: Bearer <token>` (or `Token <token>`).",
        }


class CachedSchemaView(SpectacularAPIView):
    """The OpenAPI description, generated once per process and language.

    Generating it walks every serializer and takes seconds; it changes only with the code, and it
    is public (``SERVE_PUBLIC``), so it does not depend on who asks. The language is part of the
    key because its field labels are translated.
    """

    _made: ClassVar[dict[tuple[str, str | None], Any]] = {}

    def _get_schema_response(self, request: Any) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language() or "", version)
        if key not in self._made:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            self._made[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(
            data=self._made[key], headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )

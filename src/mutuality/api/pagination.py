"""Page-numbered lists with counts."""

from __future__ import annotations

from rest_framework import pagination


class Pages(pagination.PageNumberPagination):
    """``?page=2&page_size=100``: the answer carries ``count``, ``next``, ``previous`` and ``results``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

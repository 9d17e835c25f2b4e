"""Peak memory of the /codings.csv download on a loaded bench database, its body read to the end.

    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/codings_download.py

The view is called as a signed-in administrator would call it (an administrator ``bench-admin``
is made in the bench database if there is none), and its body is read whole, as a browser would.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import peak_rss_mib, setup_django  # noqa: E402


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from mutuality.web.privacy.views import codings_csv

    users = get_user_model()
    admin = users.objects.filter(username="bench-admin").first() or users.objects.create_superuser(
        "bench-admin", password="bench-admin-password-not-for-use"
    )
    request = RequestFactory().get("/codings.csv")
    request.user = admin
    started = time.perf_counter()
    response = codings_csv(request)
    body = response.streaming_content if response.streaming else [response.content]
    size = sum(len(chunk) for chunk in body)
    print(
        f"{type(response).__name__}: {size:,} bytes in {time.perf_counter() - started:.2f} s, "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()

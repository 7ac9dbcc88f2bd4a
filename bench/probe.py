"""In-process measurements on one benchmark database: ``python -m bench.probe URL...`` (env as for gunicorn).

Prints JSON: whether pandas is imported when the WSGI application is loaded and after each URL is served,
and the SQL queries of each URL on its second request (the steady state: per-process caches warm), fetched
with Django's test client logged in as the bench officer.
"""

from __future__ import annotations

import json
import sys


def main(urls: list[str]) -> None:
    from django.core.wsgi import get_wsgi_application

    get_wsgi_application()
    out = {"pandas_at_start": "pandas" in sys.modules, "pages": {}}

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.build import USERNAME

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    for url in urls:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        out["pages"][url] = {
            "status": [first.status_code, second.status_code],
            "queries": len(queries.captured_queries),
            "pandas_after": "pandas" in sys.modules,
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])

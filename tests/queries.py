"""
Query budgets: a page must cost the same number of queries with 3 rows as
with 30, so it does not slow down as the alliance grows.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries), context


def assert_constant_queries(client, url, add_rows, *, few=3, many=30):
    """Count the queries for `url` with `few` rows, add rows up to `many`, count again.

    `add_rows(n)` creates n more rows of whatever the page lists; `url` may be
    a callable so that detail pages can name the object the rows hang on.
    """
    resolve = url if callable(url) else (lambda: url)
    add_rows(few)
    with_few, _ = count_queries(client, resolve())
    add_rows(many - few)
    with_many, context = count_queries(client, resolve())
    queries = "\n".join(q["sql"] for q in context.captured_queries)
    assert with_few == with_many, (
        f"{resolve()}: {with_few} queries with {few} rows, {with_many} with {many}:\n{queries}"
    )
    return with_many

"""
Query budgets: a page must cost the same number of queries with 3 rows as
with 30, so it does not slow down as the alliance grows.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counted(client, url):
    """GET `url`; return the response and the queries it cost.

    Every content type is looked up first, as a running portal has them cached
    after its first pages: a page then costs the same whichever test ran before it.
    """
    ContentType.objects.get_for_models(*apps.get_models())
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, context


def count_queries(client, url):
    response, context = get_counted(client, url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries), context


def assert_constant_queries_for(client, people, url, add_rows, *, few=3, many=30):
    """Count the queries for `url` with `few` rows, add rows up to `many`, count again.

    `add_rows(n)` creates n more rows of whatever the page lists; `url` may be
    a callable so that detail pages can name the object the rows hang on.
    `people` is {who: user, or None for anonymous}; the client is signed in
    as each in turn. Returns {who: queries with `many` rows}.
    """
    resolve = url if callable(url) else (lambda: url)

    def count_as(who):
        client.logout()
        if people[who] is not None:
            client.force_login(people[who])
        address = resolve()
        count, context = count_queries(client, address)
        return count, context, address

    add_rows(few)
    with_few = {who: count_as(who)[0] for who in people}
    add_rows(many - few)
    with_many = {}
    for who in people:
        with_many[who], context, address = count_as(who)
        queries = "\n".join(q["sql"] for q in context.captured_queries)
        assert with_few[who] == with_many[who], (
            f"{address} as {who}: {with_few[who]} queries with {few} rows, "
            f"{with_many[who]} with {many}:\n{queries}"
        )
    return with_many

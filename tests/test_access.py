"""
Who gets what, for every URL the portal has, and what each page may cost.

The pages, the answers per role and what each POST changes are listed once,
in tests/pagelist.py. The completeness test walks the URL resolver and fails
for any pattern without an entry, so no view ships without a rule. A POST
of valid data must change what it is meant to for the roles it is allowed
to, and change nothing for the roles it refuses. A GET may cost at most the
queries its entry allows, and no more with 30 rows of what it lists than
with 3.
"""

import re
from functools import partial
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import pagelist
from tests.pagelist import (
    ADMIN_LOGIN,
    LOGIN,
    PAGES,
    ROLES,
    SUPERUSER,
)
from tests.queries import assert_constant_queries_for, get_counted

world = pagelist.world
shared_world = pagelist.shared_world

# The admin guards itself (staff only); its index and every model's list and
# add page are checked, and the rest of its URLs share the same guard.
ADMIN_ACCESS = dict.fromkeys(ROLES, ADMIN_LOGIN) | {SUPERUSER: 200}
# What HTML accepts in <time datetime>: a day, or a moment with at most three digits
# of a second's fraction and a zone.
TIME_VALUE = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?"
)


def _admin_names():
    """The admin's index, every model's list, and the add page where adding is allowed."""
    superuser = SimpleNamespace(user=SimpleNamespace(has_perm=lambda perm: True))
    names = ["admin:index"]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        names.append(f"{prefix}_changelist")
        if model_admin.has_add_permission(superuser):
            names.append(f"{prefix}_add")
    return names


def _pattern_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (
                f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern}>"
            )


def _post_pages():
    return sorted(name for name, page in PAGES.items() if page.post is not None)


def test_every_url_pattern_has_an_entry():
    names = set(_pattern_names(get_resolver().url_patterns))
    missing = {n for n in names if not n.startswith("admin:")} - set(PAGES)
    assert not missing, f"URL patterns without an entry in tests/pagelist.py: {sorted(missing)}"
    assert not set(PAGES) - names, "tests/pagelist.py names URLs that no longer exist"


def test_every_entry_says_what_it_answers():
    for name, page in PAGES.items():
        assert page.get or page.post, name
        for method in (page.get, page.post):
            assert method is None or set(method.access) == set(ROLES), name


def _sign_in(client, world, role):
    world.user = world.users[role]
    world.client = client
    client.logout()
    if world.user is not None:
        client.force_login(world.user)
    return client


def _wrong_answer(response, expected):
    """What is wrong with the response when `expected` was due; None when nothing is."""
    if expected in (LOGIN, ADMIN_LOGIN):
        login = reverse("members:login" if expected == LOGIN else "admin:login")
        if response.status_code != 302 or not response["Location"].startswith(login):
            return f"{response.status_code} {response.get('Location', '')}, not to {login}"
    elif response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    return None


def _bad_times(response):
    """<time datetime> values HTML would refuse."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    values = re.findall(r'<time datetime="([^"]*)"', response.content.decode())
    return [f"<time datetime={value!r}>" for value in values if not TIME_VALUE.fullmatch(value)]


# Each class makes one world of test data for all its tests, and the classes
# can run side by side.


class TestGet:
    """Every role's answer to a GET of every page, and what it may cost."""

    @pytest.mark.parametrize("name", pagelist.get_pages())
    def test_get(self, client, world, name):
        """Every role's answer, and the queries a page shown to a role cost within its budget."""
        get = PAGES[name].get
        problems = []
        for role in ROLES:
            url = pagelist.url(name, world)
            response, context = get_counted(_sign_in(client, world, role), url)
            wrong = _wrong_answer(response, get.access[role])
            if wrong:
                problems.append(f"{role} GET {url}: {wrong}")
            elif response.status_code == 200 and len(context) > get.queries:
                queries = "\n".join(q["sql"] for q in context.captured_queries)
                budget = f"{len(context)} queries, the budget is {get.queries}"
                problems.append(f"{role} GET {url}: {budget}:\n{queries}")
            elif response.status_code == 200:
                problems += [f"{role} GET {url}: {bad}" for bad in _bad_times(response)]
        assert not problems, "\n".join(problems)

    @pytest.mark.parametrize("name", _admin_names())
    def test_admin_access(self, client, world, name):
        problems = []
        for role in ROLES:
            wrong = _wrong_answer(
                _sign_in(client, world, role).get(reverse(name)), ADMIN_ACCESS[role]
            )
            if wrong:
                problems.append(f"{role} GET {reverse(name)}: {wrong}")
        assert not problems, "\n".join(problems)


class TestPost:
    """Every role's POST of valid data to every form, and what it changes."""

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize("name", _post_pages())
    def test_post(self, client, world, name, role, django_capture_on_commit_callbacks):
        post = PAGES[name].post
        _sign_in(client, world, role)
        if post.given:
            post.given(world)
        url = pagelist.url(name, world, "post")
        data = post.data(world)
        before = post.state(world)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        what = f"{role} POST {url}"
        wrong = _wrong_answer(response, post.access[role])
        assert not wrong, f"{what}: {wrong}"
        after = post.state(world)
        if post.changes_for(role):
            assert after != before, f"{what} answered {response.status_code} but changed nothing"
        else:
            assert after == before, f"{what} was refused but changed {before!r} to {after!r}"


class TestRows:
    """What a page costs with 3 rows of what it lists, and with 30, for each view of it."""

    @pytest.mark.parametrize(
        "name", [name for name in pagelist.get_pages() if PAGES[name].get.rows is not None]
    )
    def test_queries_do_not_grow_with_rows(self, client, world, name):
        get = PAGES[name].get
        people = {role: world.users[role] for role in pagelist.viewers(name)}
        counts = assert_constant_queries_for(
            client, people, partial(pagelist.url, name, world), partial(get.rows, world)
        )
        assert max(counts.values()) <= get.queries, f"{name}: {counts}, the budget is {get.queries}"

"""
Junk in the query string never breaks a page.

Every GET page in the page table is opened as a role that may see it; the
names of the fields in its search forms (<form method="get">), the usual
filter and paging names, and every name the page was seen to read are then
sent with a NUL character and with a very long text. PostgreSQL refuses NUL
in a query, so a filter that reaches the database without a form in between
answers 500 there (SQLite does not mind).

All the names are sent at once first, once with NUL and once long. Then
each name is sent on its own where the page could notice it: request.GET is
watched, a name the page looked up is sent alone, and every name is when the
page looked at the query as a whole (its length, its keys, a copy). A name
the page never looked up cannot change what it does, so sending it alone
would only repeat the plain request.
"""

from html.parser import HTMLParser

import pytest
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.urls import reverse

from tests import pagelist
from tests.factories import make_organisation
from tests.pagelist import MEMBER_A, PAGES, SECRETARIAT

world = pagelist.world
shared_world = pagelist.shared_world

NUL = "\x00"
LONG = "a" * 10_000
HUGE_NUMBER = "99999999999999999999"
# Filters and paging found on list pages, sent to every page even where no form shows them.
USUAL_NAMES = {"q", "page", "side", "sector", "status"}
# What request.GET was asked for: a name, or WHOLE for the query as a whole.
WHOLE = object()
_looked_up = set()


class _WatchedQueryDict(QueryDict):
    """request.GET that notes what the portal looks at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._watched = True

    def _saw(self, key=WHOLE):
        if getattr(self, "_watched", False):
            _looked_up.add(key)

    def __getitem__(self, key):
        self._saw(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._saw(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._saw(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._saw(key)
        return super().getlist(key, default)

    def __iter__(self):
        self._saw()
        return super().__iter__()

    def __len__(self):
        self._saw()
        return super().__len__()

    def keys(self):
        self._saw()
        return super().keys()

    def items(self):
        self._saw()
        return super().items()

    def lists(self):
        self._saw()
        return super().lists()

    def values(self):
        self._saw()
        return super().values()

    def dict(self):
        self._saw()
        return super().dict()

    def copy(self):
        self._saw()
        return super().copy()

    def urlencode(self, safe=None):
        self._saw()
        return super().urlencode(safe)


def _watched_get(request):
    if "_watched_get" not in request.__dict__:
        request.__dict__["_watched_get"] = _WatchedQueryDict(
            get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding=request._encoding
        )
    return request.__dict__["_watched_get"]


def _replace_get(request, value):
    request.__dict__["_watched_get"] = value


@pytest.fixture
def watched_get(monkeypatch):
    """What the pages look up in request.GET while the test runs."""
    monkeypatch.setattr(WSGIRequest, "GET", property(_watched_get, _replace_get))
    _looked_up.clear()
    yield _looked_up
    _looked_up.clear()


class _GetFormFields(HTMLParser):
    """Collects the names of the fields inside <form method="get">."""

    def __init__(self):
        super().__init__()
        self.names = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in {"input", "select", "textarea"} and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _get_form_names(html):
    parser = _GetFormFields()
    parser.feed(html)
    return parser.names


def _role_that_may_open(access):
    """The secretariat, unless only members may open the page."""
    return SECRETARIAT if access[SECRETARIAT] == 200 else MEMBER_A


def _shown_pages():
    """The pages some role opens (a page that only sends people on shows no query string)."""
    return [name for name in pagelist.get_pages() if 200 in PAGES[name].get.access.values()]


class TestJunk:
    """Every page shown with junk in its query string; the world is made once for them."""

    @pytest.mark.parametrize("name", _shown_pages())
    def test_junk_in_the_query_string_never_breaks_a_page(self, client, world, watched_get, name):
        access = PAGES[name].get.access
        role = _role_that_may_open(access)
        assert access[role] == 200, f"{name}: no role opens it with 200"
        client.force_login(world.users[role])
        url = pagelist.url(name, world)
        page = client.get(url)
        assert page.status_code == 200
        names = USUAL_NAMES | {key for key in watched_get if isinstance(key, str)}
        if page["Content-Type"].startswith("text/html"):
            names |= _get_form_names(page.text)

        def get(params):
            response = client.get(url, params)
            shown = {key: value[:10] for key, value in params.items()}
            assert response.status_code == 200, f"{name} {shown}: {response.status_code}"

        for params in [
            dict.fromkeys(names, NUL),
            dict.fromkeys(names, LONG),
            {"side": HUGE_NUMBER, "page": HUGE_NUMBER},
        ]:
            get(params)
        names |= {key for key in watched_get if isinstance(key, str)}
        for param in sorted(names):
            if WHOLE in watched_get or param in watched_get:
                for value in (NUL, LONG):
                    get({param: value})

    def test_the_watch_sees_what_a_page_reads(self, client, world, watched_get):
        """The login page reads `next`; the contact page reads nothing of the query."""
        client.get(reverse("pages:contact"), {"q": NUL})
        assert watched_get == set()
        client.get(reverse("members:login"), {"q": NUL})
        assert "next" in watched_get
        watched_get.clear()
        client.force_login(world.secretariat)
        client.get(reverse("members:user_list"), {"q": "x"})
        assert WHOLE in watched_get  # the filter form is bound only when the query has anything


def test_the_search_form_finds_the_field_names():
    html = """
    <form method="get"><input name="q"><select name="sector"></select>
      <input type="checkbox" name="include_inactive"><button type="submit">Søg</button></form>
    <form method="post"><input name="csrfmiddlewaretoken"><textarea name="body"></textarea></form>
    """
    assert _get_form_names(html) == {"q", "sector", "include_inactive"}


@pytest.mark.parametrize(
    ("typed", "error"),
    [(NUL, "Null-tegn er ikke tilladte."), (LONG, "Denne værdi må højst have 100 tegn")],
)
def test_a_bad_user_search_is_an_error_next_to_the_field(
    client_for, secretariat, member_a, typed, error
):
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": typed})
    assert response.status_code == 200
    assert error in response.text
    assert 'id="error_1_id_q"' in response.text
    # The list is shown unfiltered.
    assert "<td>a@test.dk</td>" in response.text
    assert "<td>sekretariat@test.dk</td>" in response.text


def test_the_user_search_still_searches(client_for, secretariat, member_a):
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": "anna"})
    assert "<td>a@test.dk</td>" in response.text
    assert "<td>sekretariat@test.dk</td>" not in response.text


@pytest.mark.parametrize("side", [NUL, LONG, "-1", "0", HUGE_NUMBER])
def test_any_page_number_shows_a_page(client_for, member_a, side):
    for _ in range(30):
        make_organisation()
    response = client_for(member_a).get(reverse("members:organisation_list"), {"side": side})
    assert response.status_code == 200
    assert "Side 1 af 2" in response.text or "Side 2 af 2" in response.text

"""
Junk in the query string never breaks a page.

Every GET page in the access table is opened as a role that may see it; the
names of the fields in its search forms (<form method="get">), plus the usual
filter and paging names, are then sent with a NUL character and with a very
long text. PostgreSQL refuses NUL in a query, so a filter that reaches the
database without a form in between answers 500 there (SQLite does not mind).
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_organisation
from tests.test_access import ACCESS, MEMBER_A, SECRETARIAT, world  # noqa: F401

NUL = "\x00"
LONG = "a" * 10_000
HUGE_NUMBER = "99999999999999999999"
# Filters and paging found on list pages, sent to every page even where no form shows them.
USUAL_NAMES = {"q", "page", "side", "sector", "status"}


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


def _role_that_may_open(expected):
    """The secretariat, unless only members may open the page."""
    return SECRETARIAT if expected[SECRETARIAT] == 200 else MEMBER_A


GET_PAGES = sorted(name for name, (method, _, _) in ACCESS.items() if method == "get")


@pytest.mark.parametrize("name", GET_PAGES)
def test_junk_in_the_query_string_never_breaks_a_page(client, world, name):  # noqa: F811
    _, kwargs, expected = ACCESS[name]
    role = _role_that_may_open(expected)
    assert expected[role] == 200, f"{name}: no role opens it with 200"
    client.force_login(world["users"][role])
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    page = client.get(url)
    assert page.status_code == 200
    names = USUAL_NAMES
    if page["Content-Type"].startswith("text/html"):
        names = names | _get_form_names(page.text)

    attempts = [{param: value} for param in sorted(names) for value in (NUL, LONG)]
    attempts += [dict.fromkeys(names, NUL), {"side": HUGE_NUMBER, "page": HUGE_NUMBER}]
    for params in attempts:
        response = client.get(url, params)
        shown = {key: value[:10] for key, value in params.items()}
        assert response.status_code == 200, f"{name} {shown}: {response.status_code}"


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

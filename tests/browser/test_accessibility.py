"""
Every page passes axe-core at 1280 and 390 px and logs no console error (no CSP refusal,
no missing file).

The pages are those of the table in tests/pagelist.py, each opened by every
role that may open it, so a page added there is checked here too; member B
only where member A may not open the page. The error pages are checked as
well: 403, 404, 500 and a link that no longer works. Each role's browser is
signed in once and walks all its pages; a test reports every page that fails.
"""

import pytest
from django.urls import path, reverse
from playwright.sync_api import expect

from alliance.urls import urlpatterns as portal_urlpatterns
from tests import pagelist
from tests.browser.axe import assert_accessible
from tests.browser.flows import follow, visit
from tests.conftest import make_cast
from tests.factories import make_initiative
from tests.pagelist import MEMBER_A, MEMBER_B, PAGES, ROLES
from volunteers.models import Volunteer


@pytest.fixture
def world(transactional_db):
    """The page table's world, committed, so that the browser's server sees it."""
    return pagelist.build_world(**make_cast())


def _server_error(request):
    raise RuntimeError("A deliberate error, to show the server error page.")


# The portal's addresses and one that fails, for the server error page.
urlpatterns = [path("fejl/", _server_error), *portal_urlpatterns]


def _pages_for(role):
    """The HTML pages a role may open; member B's only where member A may not open them."""
    for name in pagelist.get_pages(html=True):
        roles = PAGES[name].get.roles(200)
        if role in roles and not (role == MEMBER_B and MEMBER_A in roles):
            yield name


def _check(page, page_log, url, status):
    """Open a page and check it; return what is wrong, as a list of texts."""
    errors_before = list(page_log.console_errors)
    response = page.goto(url)
    problems = []
    if response.status != status:
        problems.append(f"{url}: answered {response.status}, expected {status}")
    try:
        assert_accessible(page)
    except AssertionError as violations:
        problems.append(str(violations))
    errors = [error for error in page_log.console_errors if error not in errors_before]
    if errors:
        problems.append(f"{url}: errors in the browser console: {errors}")
    return problems


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("role", [role for role in ROLES if any(_pages_for(role))])
def test_every_page_is_accessible_for_every_role(page, page_log, sign_in, world, role, width):
    """At a desktop's width and at a phone's, where the menu folds and tables scroll."""
    page.set_viewport_size({"width": width, "height": 900})
    if world.users[role] is not None:
        sign_in(world.users[role])
    problems = []
    for name in _pages_for(role):
        problems += _check(page, page_log, pagelist.url(name, world), 200)
    assert not problems, "\n\n".join(problems)


def test_error_pages_are_accessible(page, page_log, sign_in, world, settings):
    settings.ROOT_URLCONF = __name__
    problems = []
    for url, status in [
        ("/findes-ikke/", 404),
        ("/fejl/", 500),
        (reverse("members:invitation_accept", args=["ugyldig-noegle"]), 410),
        (reverse("volunteers:my_data", args=["udloebet"]), 410),
    ]:
        problems += _check(page, page_log, url, status)
    sign_in(world.member_a)
    for url, status in [
        (reverse("members:user_list"), 403),
        (reverse("members:organisation_edit", args=[world.org_b.pk]), 404),
    ]:
        problems += _check(page, page_log, url, status)
    assert not problems, "\n\n".join(problems)


def test_a_refused_form_with_its_error_summary_is_accessible(page, sign_in, secretariat):
    initiative = make_initiative(name="Lektiecafé")
    sign_in(secretariat)
    visit(page, reverse("initiatives:commitment_create", args=[initiative.slug]))
    follow(page, page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("alert")).to_contain_text("Formularen kunne ikke gemmes")


def test_the_child_certificate_rule_in_the_error_summary_is_accessible(page, sign_in, secretariat):
    volunteer = Volunteer.objects.create(
        first_name="Frida",
        last_name="Frivillig",
        email="frida@test.dk",
        status=Volunteer.Status.CONTACTED,
        assigned_initiative=make_initiative(name="Legestue", involves_children=True),
    )
    sign_in(secretariat)
    visit(page, reverse("volunteers:detail", args=[volunteer.pk]))
    page.get_by_label("Status").select_option(label="Aktiv")
    follow(page, page.get_by_role("button", name="Gem", exact=True))
    expect(page.get_by_role("alert")).to_contain_text("børn under 15 år")

"""On a 390 px phone nothing on the busiest work pages is cut off or pushes the page sideways.

Every button and link in main must lie inside the screen (a table wider than the
screen scrolls in its own region, but its actions must not hide in the part out of
view), and the page itself must not scroll sideways.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.browser.flows import visit
from tests.factories import make_commitment, make_initiative, make_organisation

PHONE = {"width": 390, "height": 844}

# Where anything clickable in main lies, and how wide the document is.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const outside = [...document.querySelectorAll('main a, main button, main .btn')]
    .filter(el => el.getClientRects().length > 0)
    .map(el => [el.getBoundingClientRect(), (el.innerText || el.ariaLabel || '').trim()])
    .filter(([box]) => box.left < -0.5 || box.right > width + 0.5)
    .map(([box, text]) => `${text} (${Math.round(box.left)}–${Math.round(box.right)})`);
  return {outside, scrollWidth: document.documentElement.scrollWidth};
}"""

LONG_NAMES = [
    "Lektiecafé i Vapnagaard for børn og unge i 4.-9. klasse",
    "Fritidsjob i lokale virksomheder",
    "Sommerskole",
]


def _assert_fits(page):
    found = page.evaluate(MEASURE)
    assert found["outside"] == [], found["outside"]
    assert found["scrollWidth"] <= PHONE["width"]


def _commitments(organisation):
    today = timezone.localdate()
    initiatives = []
    for name, due in zip(LONG_NAMES, [-10, 5, 60], strict=True):
        initiative = make_initiative(name=name, wants_volunteers=True)
        make_commitment(
            initiative=initiative,
            organisation=organisation,
            next_update_due=today + timedelta(days=due),
        )
        initiatives.append(initiative)
    return initiatives


def test_my_organisation_fits_a_phone(page, sign_in, member_a):
    _commitments(member_a.organisation)
    page.set_viewport_size(PHONE)
    sign_in(member_a)
    visit(page, reverse("initiatives:my_organisation"))
    assert page.get_by_role("link", name="Opdater").count() >= 3
    _assert_fits(page)


def test_the_internal_initiative_page_fits_a_phone(page, sign_in, secretariat, member_a):
    [initiative, *_rest] = _commitments(member_a.organisation)
    make_commitment(
        initiative=initiative,
        organisation=make_organisation(name="Kronborg Byg & Anlæg ApS", sector="erhverv"),
    )
    page.set_viewport_size(PHONE)
    sign_in(secretariat)
    visit(page, reverse("initiatives:initiative_detail", args=[initiative.slug]))
    assert page.get_by_role("link", name="Rediger indsatsen").is_visible()
    _assert_fits(page)


def test_a_member_sees_the_initiative_page_fit_a_phone(page, sign_in, member_a):
    [initiative, *_rest] = _commitments(member_a.organisation)
    page.set_viewport_size(PHONE)
    sign_in(member_a)
    visit(page, reverse("initiatives:initiative_detail", args=[initiative.slug]))
    _assert_fits(page)

"""The cross-sector overview and the network pass axe, with data on them, for a member."""

from django.urls import reverse
from playwright.sync_api import expect

from initiatives.models import Commitment, Initiative
from members.models import Organisation
from tests.browser.flows import log_in, visit
from tests.factories import make_goal


def _world(organisation_a, organisation_b):
    jobs = make_goal("Flere unge i fritidsjob")
    school = make_goal("Alle unge gennemfører en ungdomsuddannelse")
    make_goal("Bedre trivsel blandt unge i de boligsociale områder")
    kommune = Organisation.objects.create(name="Helsingør Kommune", sector="kommune")
    initiatives = [
        ("Unge i fritidsjob", organisation_a, "active", [jobs]),
        ("Lektiecafé i Vapnagaard og omegn for alle skoleelever", kommune, "active", [school]),
        ("Sommerskole", organisation_b, "planned", [school, jobs]),
    ]
    for number, (name, lead, status, goals) in enumerate(initiatives, start=1):
        initiative = Initiative.objects.create(
            name=name,
            slug=f"indsats-{number}",
            summary="For unge.",
            lead_organisation=lead,
            status=status,
        )
        initiative.goals.set(goals)
        for organisation in (organisation_a, organisation_b, kommune)[:number]:
            Commitment.objects.create(
                initiative=initiative,
                organisation=organisation,
                description="Vi hjælper.",
                status="active",
            )


def test_overview_pages_are_accessible(page, page_log, member_a, organisation_a, organisation_b):
    _world(organisation_a, organisation_b)
    log_in(page, member_a.email)

    visit(page, reverse("initiatives:cross_sector"))
    expect(page.get_by_role("heading", level=1)).to_have_text("På tværs af sektorer")
    expect(page.get_by_role("row").filter(has_text="Unge i fritidsjob").first).to_contain_text(
        "Kun én sektor"
    )

    visit(page, reverse("initiatives:network"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netværk")
    expect(
        page.get_by_role("img", name="Netværk mellem organisationer, indsatser og målsætninger")
    ).to_be_visible()
    assert page_log.console_errors == []


def test_network_is_readable_on_a_phone(page, member_a, organisation_a, organisation_b):
    _world(organisation_a, organisation_b)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, member_a.email)

    visit(page, reverse("initiatives:network"))

    # The drawing keeps its size and scrolls sideways inside its own region.
    drawing = page.get_by_role(
        "img", name="Netværk mellem organisationer, indsatser og målsætninger"
    )
    assert drawing.bounding_box()["width"] == 960
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375

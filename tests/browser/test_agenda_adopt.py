"""Adopting a new version as a secretariat does it: confirmed with the decision's date and
place, on a desktop and on a phone; the members then see it waiting for their endorsement."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import Agenda
from agenda.services import endorse, start_draft
from tests.browser.flows import follow, visit
from tests.factories import make_agenda

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_secretariat_confirms_the_adoption_and_members_are_asked_to_endorse_again(
    page, sign_in, secretariat, member_a, viewport
):
    page.set_viewport_size(viewport)
    adopted = make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    endorse(agenda=adopted, organisation=member_a.organisation, by=member_a)
    draft = start_draft(by=secretariat)
    draft.vision = "Alle unge har et job og et **fællesskab**."
    draft.save()

    sign_in(secretariat)
    visit(page, reverse("agenda:draft"))
    follow(page, page.get_by_role("link", name="Vedtag udkastet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vedtag version 2")
    changes = page.get_by_role("region", name="Ændringer siden version 1")
    expect(changes.locator("ins strong")).to_have_text("fællesskab")  # rendered Markdown
    warning = page.get_by_role("region", name="Tilslutningerne begynder forfra")
    expect(warning).to_contain_text("1 organisation har tilsluttet sig version 1")
    expect(warning).to_contain_text("«ikke tilsluttet endnu»")
    expect(page.get_by_label("Besluttet den")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("Besluttet på/ved").fill("Styregruppemøde 27. november")
    follow(page, page.get_by_role("button", name="Vedtag udkastet"))

    expect(page.get_by_role("status")).to_contain_text("Version 2 er vedtaget og gælder nu.")
    expect(page.get_by_text("besluttet ved Styregruppemøde 27. november")).to_be_visible()
    assert Agenda.objects.adopted().decided_where == "Styregruppemøde 27. november"

    follow(page, page.get_by_role("link", name="Versioner"))
    follow(page, page.get_by_role("link", name="Sammenlign to versioner"))
    expect(page.get_by_role("heading", name="Fra version 1 til version 2")).to_be_visible()
    page.get_by_role("combobox", name="Fra version").select_option("2")
    page.get_by_role("combobox", name="Til version").select_option("1")
    follow(page, page.get_by_role("button", name="Sammenlign"))
    expect(page.get_by_role("heading", name="Fra version 2 til version 1")).to_be_visible()

    page.context.clear_cookies()
    sign_in(member_a)
    visit(page, reverse("agenda:detail"))
    expect(page.get_by_text("Organisation A: ikke tilsluttet endnu.")).to_be_visible()
    expect(page.get_by_role("button", name="Tilslut Organisation A")).to_be_visible()

"""The coherence check as the secretariat uses it: a goal nobody works for becomes a task."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from secretariat.health import BY_KEY, previous_quarters
from secretariat.models import Task
from secretariat.services.snapshots import record_snapshot
from tests.browser.flows import follow, visit
from tests.factories import make_goal, make_initiative

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_goal_without_an_initiative_becomes_a_task(page, sign_in, secretariat, width):
    lonely = make_goal("Færre unge føler sig ensomme")
    make_initiative(goals=[make_goal("Flere unge i fritidsjob")])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(secretariat)

    visit(page, reverse("secretariat:coherence"))
    section = page.get_by_role("region", name="Målsætninger uden en aktiv indsats")
    expect(section.get_by_role("link", name=lonely.title, exact=True)).to_be_visible()
    expect(section).not_to_contain_text("Flere unge i fritidsjob")
    create = section.get_by_role("link", name=f"Opret opgave: {lonely.title}")
    expect(create).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The link carries what the task form reads.
    query = parse_qs(urlsplit(create.get_attribute("href")).query)
    assert query["goal"] == [str(lonely.pk)]
    assert query["function"] == ["activities"]
    assert query["title"] == [f"Find en aktiv indsats til målsætningen »{lonely.title}«"]

    # The task form, prefilled from the link; submitting it makes the task.
    follow(page, create)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny opgave")
    expect(page.get_by_label("Titel")).to_have_value(
        f"Find en aktiv indsats til målsætningen »{lonely.title}«"
    )
    follow(page, page.get_by_role("button", name="Opret opgaven"))
    task = Task.objects.get()
    assert task.goal == lonely
    assert task.function == "activities"

    # Back on the coherence check the goal shows its open task instead.
    visit(page, reverse("secretariat:coherence"))
    section = page.get_by_role("region", name="Målsætninger uden en aktiv indsats")
    found = section.get_by_role("link", name=f"Opgave findes: {lonely.title}")
    expect(found).to_have_attribute("href", task.get_absolute_url())
    expect(section.get_by_role("link", name=f"Opret opgave: {lonely.title}")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_health_cards_give_the_numbers_as_a_table(page, sign_in, secretariat, width):
    quarters = previous_quarters(timezone.localdate())
    record_snapshot(quarter=quarters[-1].start, signal=BY_KEY["backbone_overdue_tasks"], value=3)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(secretariat)

    visit(page, reverse("secretariat:health"))

    card = page.get_by_role("region", name="Fælles sekretariatsfunktion", exact=True)
    table = card.get_by_role("table", name="Åbne opgaver over fristen")
    for quarter in quarters:
        expect(table.get_by_role("columnheader", name=quarter.label())).to_be_visible()
    expect(table.get_by_role("cell", name="3")).to_be_visible()
    expect(card.get_by_role("link", name="Se selvevalueringens svar")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

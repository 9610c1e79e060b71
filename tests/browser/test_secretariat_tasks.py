"""The secretariat writes a meeting's minutes with an action item, finds it as a task on the
board and moves it along with the card's own form, at a desktop width and at a phone's."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communication.models import ActionItem
from secretariat.models import Task
from secretariat.services.tasks import create_task
from tests.browser.flows import follow, visit
from tests.communication.factories import schedule
from tests.factories import make_group, make_user

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_an_action_item_becomes_a_task_that_moves_on_the_board(
    page, sign_in, secretariat, member_a, width
):
    page.set_viewport_size({"width": width, "height": 900})
    colleague = make_user(email="kollega@test.dk", full_name="Kim Kollega", role="secretariat")
    group = make_group(name="Arbejdsgruppe om mentorer", members=[member_a])
    meeting = schedule(group=group, by=secretariat, title="Mentormøde")
    sign_in(secretariat)

    visit(page, meeting.get_absolute_url())
    follow(page, page.get_by_role("link", name="Skriv referat og handlingspunkter"))
    page.get_by_label("Referat").fill("Vi talte om **mentorer**.")
    item = page.get_by_role("group", name="Nyt handlingspunkt").first
    item.get_by_label("Opgave").fill("Find ti mentorer")
    item.get_by_label("Ansvarlig").select_option(label="Kim Kollega")
    item.get_by_label("Frist").fill("2027-01-15")
    follow(page, page.get_by_role("button", name="Gem referatet"))
    expect(page.get_by_role("status")).to_contain_text("Referatet er gemt.")

    visit(page, reverse("secretariat:task_board"))
    todo = page.get_by_role("region", name="Skal gøres")
    doing = page.get_by_role("region", name="I gang")
    card = todo.get_by_role("article", name="Find ti mentorer")
    expect(card).to_contain_text("Kim Kollega")
    expect(card).to_contain_text("15. jan. 2027")
    expect(card).to_contain_text("Mentormøde")
    expect(card).to_contain_text("Understøtte koordinerede aktiviteter")
    _check_layout(page, todo, doing, width)

    card.get_by_label("Flyt til").select_option(label="I gang")
    follow(page, card.get_by_role("button", name="Flyt"))
    expect(page.get_by_role("status")).to_contain_text(
        "Opgaven »Find ti mentorer« er flyttet til I gang."
    )
    expect(doing.get_by_role("article", name="Find ti mentorer")).to_be_visible()
    expect(todo.get_by_role("article")).to_have_count(0)
    task = Task.objects.get()
    assert (task.status, task.assignee, task.action_item) == (
        "doing",
        colleague,
        ActionItem.objects.get(),
    )

    # The filtered list finds it too, and the edit form opens from the task's page.
    visit(page, f"{reverse('secretariat:task_list')}?status=doing&meeting={meeting.pk}")
    expect(page.get_by_role("region", name="Opgaver, den nærmeste frist først")).to_contain_text(
        "Find ti mentorer"
    )
    follow(page, page.get_by_role("link", name="Find ti mentorer"))
    follow(page, page.get_by_role("link", name="Rediger opgaven"))
    expect(page.get_by_label("Ansvarlig")).to_have_value(str(colleague.pk))
    follow(page, page.get_by_role("link", name="Annuller"))
    # The task's page leads back to the meeting it came from.
    follow(page, page.get_by_role("link", name="Se mødet og handlingspunkterne"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentormøde")


def _check_layout(page, todo, doing, width):
    """Side by side on a desktop; stacked, without sideways scrolling, on a phone."""
    first, second = todo.bounding_box(), doing.bounding_box()
    if width >= 1200:
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
    else:
        assert second["y"] >= first["y"] + first["height"] - 1
        assert abs(first["x"] - second["x"]) < 2
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_full_column_leads_to_the_list_with_all_its_tasks(
    page, sign_in, secretariat, monkeypatch
):
    monkeypatch.setattr("secretariat.views.tasks.COLUMN_SHOWN", 2)
    for title in ["Ring til skolen", "Skriv til foreningen", "Book lokalet"]:
        create_task(by=secretariat, fields={"title": title, "function": "activities"})
    sign_in(secretariat)

    visit(page, reverse("secretariat:task_board"))
    todo = page.get_by_role("region", name="Skal gøres")
    expect(todo.get_by_role("article")).to_have_count(2)
    expect(todo).to_contain_text("Viser de 2 mest presserende af 3.")
    follow(page, todo.get_by_role("link", name="Se alle i »Skal gøres« i listen"))

    listed = page.get_by_role("region", name="Opgaver, den nærmeste frist først")
    for title in ["Ring til skolen", "Skriv til foreningen", "Book lokalet"]:
        expect(listed).to_contain_text(title)

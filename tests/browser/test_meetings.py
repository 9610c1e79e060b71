"""Meetings as people use them: the secretariat calls a meeting, a member says yes and
takes it into their calendar."""

from pathlib import Path

from playwright.sync_api import expect

from communication.models import Meeting, Rsvp
from tests.browser.flows import follow, main_menu, visit
from tests.factories import make_group


def test_secretariat_calls_a_meeting_and_a_member_answers_and_downloads_it(
    page, sign_in, secretariat, member_a, member_b
):
    group = make_group(name="Arbejdsgruppe om mentorer", members=[member_a])
    sign_in(secretariat)
    visit(page, "/portal/")
    follow(page, main_menu(page).get_by_role("link", name="Møder"))
    follow(page, page.get_by_role("link", name="Indkald til møde"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Indkald til møde")
    page.get_by_label("Gruppe").select_option(label=group.name)
    page.get_by_label("Titel").fill("Mentormøde i december")
    page.get_by_label("Starter").fill("2027-12-10T14:00")
    page.get_by_label("Slutter").fill("2027-12-10T16:00")
    page.get_by_label("Sted").fill("Rådhuset, lokale 2")
    page.get_by_label("Dagsorden").fill("1. Velkomst\n2. **Mentorer**")
    follow(page, page.get_by_role("button", name="Indkald"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentormøde i december")
    expect(page.get_by_text("10. dec. 2027 kl. 14.00")).to_be_visible()
    expect(page.locator("strong", has_text="Mentorer")).to_be_visible()
    meeting = Meeting.objects.get()

    page.context.clear_cookies()
    sign_in(member_a)
    visit(page, "/portal/moeder/")
    follow(page, page.get_by_role("link", name="Mentormøde i december"))
    page.get_by_label("Ja, jeg kommer").check()
    follow(page, page.get_by_role("button", name="Gem mit svar"))
    expect(page.get_by_role("status")).to_contain_text("Dit svar er gemt: Ja, jeg kommer.")
    assert Rsvp.objects.get(meeting=meeting).person == member_a
    expect(page.get_by_role("heading", name="Ja, jeg kommer (1)")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent mødet til din kalender (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"moede-{meeting.pk}.ics"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in content and "SUMMARY:Mentormøde i december" in content
    assert "DTSTART;TZID=Europe/Copenhagen:20271210T140000" in content
    assert f"UID:meeting-{meeting.pk}@" in content

    follow(page, page.get_by_role("link", name="Få alle dine møder i kalenderen"))
    follow(page, page.get_by_role("button", name="Lav en kalenderadresse"))
    address = page.get_by_role("textbox", name="Kalenderadresse").input_value()
    assert "/kalender/" in address and address.endswith(".ics")

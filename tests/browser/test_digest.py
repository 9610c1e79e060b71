"""A member gathers news in the weekly digest and gets one mail instead of three."""

import re

from django.core import mail
from playwright.sync_api import expect

from alliance.models import Notification
from alliance.notifications import notify, send_digests, set_delivery, settings_of
from tests.browser.flows import follow, log_in, log_out, main_menu, visit

Kind = Notification.Kind
Delivery = Notification.Delivery


def _news(member, number):
    notify(
        kind=Kind.MESSAGE_POSTED,
        recipients=[member],
        template="agenda/email/agenda_draft",
        context={"agenda": {"number": number}},
        url=f"/portal/nyt/{number}/",
        topic="Alliancegruppen",
    )


def test_news_chosen_for_the_digest_arrives_as_one_mail(page, member_a):
    set_delivery(user=member_a, kind=Kind.MESSAGE_POSTED, delivery=Delivery.IMMEDIATE)
    log_in(page, member_a.email)
    follow(page, main_menu(page).get_by_role("link", name="Min profil"))
    follow(page, page.get_by_role("link", name="Vælg, hvilke mails du får fra portalen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mails fra portalen")

    news = page.get_by_role("group", name="Nye opslag og nyheder")
    expect(news.get_by_label("Med det samme")).to_be_checked()
    news.get_by_label("I ugens sammendrag").check()
    follow(page, page.get_by_role("button", name="Gem valg"))
    expect(page.get_by_role("status")).to_have_text("Dine valg for mails er gemt.")
    expect(
        page.get_by_role("group", name="Nye opslag og nyheder").get_by_label("I ugens sammendrag")
    ).to_be_checked()
    assert settings_of(member_a)[Kind.MESSAGE_POSTED] == Delivery.DIGEST

    for number in (1, 2, 3):
        _news(member_a, number)
    assert mail.outbox == []

    assert send_digests() == 1

    [message] = mail.outbox
    assert message.to == [member_a.email]
    items = re.findall(r"^\* .+$", message.body, flags=re.MULTILINE)
    assert len(items) == 3
    [(html, _)] = message.alternatives
    assert html.count("<li>") == 3

    # The digest's own link turns the news off without logging in.
    log_out(page)
    link = re.search(r"https?://\S+(/afmeld/[^/\s]+/)", message.body).group(1)
    visit(page, link)
    expect(page.get_by_role("listitem").filter(has_text="Nye opslag og nyheder")).to_be_visible()
    follow(page, page.get_by_role("button", name="Afmeld"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er afmeldt")
    assert settings_of(member_a)[Kind.MESSAGE_POSTED] == Delivery.NEVER

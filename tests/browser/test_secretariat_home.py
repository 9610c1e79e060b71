"""The secretariat logs in, lands on today's work and decides on proposals right there."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from alliance.models import Notification
from initiatives.models import Commitment
from tests.browser.flows import follow, log_in
from tests.factories import make_commitment, make_initiative, make_organisation


@pytest.mark.parametrize("width", [1280, 390])
def test_secretariat_lands_on_its_home_and_accepts_and_returns_proposals(
    page, live_server, secretariat, member_a, width
):
    page.set_viewport_size({"width": width, "height": 900})
    accepted = make_commitment(
        initiative=make_initiative(name="Lektiecafé"),
        organisation=member_a.organisation,
        status=Commitment.Status.PROPOSED,
    )
    returned = make_commitment(
        initiative=make_initiative(name="Idræt for alle"),
        organisation=make_organisation(name="Kronborg IF"),
        status=Commitment.Status.PROPOSED,
    )

    log_in(page, secretariat.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretariatet i dag")
    assert page.url == live_server.url + reverse("secretariat:home")
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    waiting = page.get_by_role("region", name="Tilsagn, der venter på at blive taget imod")
    follow(
        page,
        waiting.get_by_role("button", name="Tag imod tilsagnet fra Organisation A til Lektiecafé"),
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Tilsagnet fra Organisation A til Lektiecafé er taget imod."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretariatet i dag")
    waiting = page.get_by_role("region", name="Tilsagn, der venter på at blive taget imod")
    expect(waiting).not_to_contain_text("Lektiecafé")
    accepted.refresh_from_db()
    assert accepted.status == Commitment.Status.ACTIVE
    told = Notification.objects.filter(kind=Notification.Kind.COMMITMENT_ACCEPTED)
    assert list(told.values_list("recipient", flat=True)) == [member_a.pk]

    # Sending back asks for the reason in place, without any script.
    waiting.get_by_text("Send tilbage", exact=False).first.click()
    waiting.get_by_label("Hvorfor sendes tilsagnet tilbage?").fill("Hvor mange timer om ugen?")
    follow(page, waiting.get_by_role("button", name="Send tilbage med begrundelsen"))
    expect(page.get_by_role("status")).to_contain_text("sendt tilbage til Kronborg IF")
    expect(
        page.get_by_role("region", name="Tilsagn, der venter på at blive taget imod")
    ).to_contain_text("Ingen foreslåede tilsagn venter på sekretariatet.")
    returned.refresh_from_db()
    assert returned.return_reason == "Hvor mange timer om ugen?"

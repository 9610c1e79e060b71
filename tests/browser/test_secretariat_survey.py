"""The self-assessment as people use it: the secretariat opens a round, two members of two
organisations answer it through the form, the secretariat closes it and reads the result."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from alliance.models import Notification
from secretariat.models import SurveyAnswer, SurveyParticipation, SurveyRound
from secretariat.services.survey import add_default_questions, answer_round
from tests.browser.flows import follow, visit
from tests.factories import make_organisation, make_user


def _answer_all(page, label, *, skip=0):
    """Choose `label` for every statement but the first `skip`."""
    statements = page.locator("fieldset.survey-statement")
    for index in range(skip, statements.count()):
        statements.nth(index).get_by_label(label, exact=True).check()
    return statements


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_a_round_is_opened_answered_closed_and_read(
    page, sign_in, secretariat, member_a, member_b, width
):
    add_default_questions()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(secretariat)
    visit(page, reverse("secretariat:round_list"))
    follow(page, page.get_by_role("link", name="Åbn en ny runde"))
    page.get_by_label("Titel").fill("Selvevaluering efterår")
    follow(page, page.get_by_role("button", name="Åbn runden"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Selvevaluering efterår")
    expect(page.get_by_role("status")).to_contain_text("medlemmerne har fået besked")
    survey_round = SurveyRound.objects.get()
    link = Notification.objects.get(recipient=member_a, kind="survey_opened").url
    assert link == reverse("secretariat:answer", args=[survey_round.pk])

    # A third person answers too, so that the result may be shown (three or more).
    third = make_user(organisation=make_organisation(name="Organisation C"))
    answer_round(
        survey_round=survey_round,
        user=third,
        answers=dict.fromkeys(survey_round.questions.values_list("pk", flat=True), 3),
    )

    # Member A forgets one statement first, and is told next to it.
    page.context.clear_cookies()
    sign_in(member_a)
    visit(page, link)
    _fits(page, width)
    expect(page.get_by_role("group", name="Fælles dagsorden", exact=True)).to_be_visible()
    statements = _answer_all(page, "Enig", skip=1)
    forgotten = statements.first
    follow(page, page.get_by_role("button", name="Send mine svar"))
    expect(forgotten).to_contain_text("Vælg, hvor enig du er – eller „Ved ikke“.")
    expect(page.get_by_role("alert")).to_contain_text("Dine svar er ikke sendt endnu")
    _fits(page, width)
    assert not SurveyParticipation.objects.filter(user=member_a).exists()
    # The other answers are kept; the forgotten one is answered now.
    expect(statements.nth(1).get_by_label("Enig", exact=True)).to_be_checked()
    forgotten.get_by_label("Enig", exact=True).check()
    follow(page, page.get_by_role("button", name="Send mine svar"))
    expect(page.get_by_role("status")).to_contain_text("Tak! Dine svar er gemt.")
    expect(page.get_by_text("Man kan svare én gang pr. runde.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(member_b)
    visit(page, link)
    _answer_all(page, "Helt enig")
    follow(page, page.get_by_role("button", name="Send mine svar"))
    expect(page.get_by_role("status")).to_contain_text("Tak! Dine svar er gemt.")
    assert SurveyParticipation.objects.filter(round=survey_round).count() == 3
    assert set(SurveyAnswer.objects.values_list("organisation", flat=True)) == {
        member_a.organisation_id,
        member_b.organisation_id,
        third.organisation_id,
    }

    page.context.clear_cookies()
    sign_in(secretariat)
    visit(page, reverse("secretariat:round_detail", args=[survey_round.pk]))
    follow(page, page.get_by_role("button", name="Luk runden"))
    expect(page.get_by_role("status")).to_contain_text("er lukket")
    visit(page, reverse("secretariat:round_list"))
    table = page.get_by_role("table", name="Gennemsnit pr. forudsætning i hver runde")
    row = table.get_by_role("row", name="Selvevaluering efterår")
    # (4 + 5 + 3) / 3 for every condition; three people answered.
    expect(row.get_by_role("cell", name="4,0")).to_have_count(5)
    expect(row.get_by_role("cell", name="3", exact=True)).to_have_count(1)
    chart = page.get_by_role("img", name="Selvevalueringen over tid")
    expect(
        chart.locator("title", has_text="Selvevaluering efterår – Fælles dagsorden: 4,0")
    ).to_have_count(1)
    expect(chart.locator("g.chart-points > *")).to_have_count(5)


def test_the_yearly_report_prints_without_menus_and_buttons(page, sign_in, secretariat):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(secretariat)
    visit(page, reverse("secretariat:report"))
    expect(page.get_by_role("navigation", name="Sekretariatet")).to_be_visible()
    expect(page.get_by_role("button", name="Vis året")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Årsrapport")
    expect(page.get_by_role("heading", name="Arbejde pr. sekretariatsfunktion")).to_be_visible()
    expect(page.get_by_role("navigation", name="Sekretariatet")).to_be_hidden()
    expect(page.get_by_role("button", name="Vis året")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.get_by_text("Udskrevet fra portalen")).to_be_visible()
    breaks = page.locator(".card").first.evaluate("card => getComputedStyle(card).breakInside")
    assert breaks == "avoid"


def test_the_secretariat_rewords_a_statement_and_adds_one(page, sign_in, secretariat):
    add_default_questions()
    sign_in(secretariat)
    visit(page, reverse("secretariat:question_list"))
    first = "Vi har en fælles forståelse af problemet og målene."
    follow(page, page.get_by_role("row").filter(has_text=first).get_by_role("link"))
    page.get_by_label("Udsagn").fill("Vi forstår problemet og målene på samme måde.")
    follow(page, page.get_by_role("button", name="Gem ændringerne"))
    expect(page.get_by_role("status")).to_contain_text("Ændringerne er gemt.")
    expect(
        page.get_by_role("rowheader", name="Vi forstår problemet og målene på samme måde.")
    ).to_be_visible()
    follow(page, page.get_by_role("link", name="Tilføj et udsagn"))
    page.get_by_label("Forudsætning").select_option(label="Fælles målemetode")
    page.get_by_label("Udsagn").fill("Vi deler vores data med hinanden.")
    follow(page, page.get_by_role("button", name="Tilføj udsagnet"))
    table = page.get_by_role("region", name="Fælles målemetode")
    expect(table).to_contain_text("Vi deler vores data med hinanden.")

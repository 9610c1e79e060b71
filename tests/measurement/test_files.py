"""Importing figures from a file (preview, then all rows or none) and downloading them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from alliance.models import AuditEvent
from measurement.models import DataPoint, Report
from measurement.services import Figures, save_report
from tests.factories import make_indicator

HEADER = "periode;organisation;opdeling;gruppe;værdi;tæller;nævner"


@pytest.fixture
def indicator(organisation_a, organisation_b):
    return make_indicator(
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        responsible=[organisation_a, organisation_b],
        groups={"Køn": ["Piger", "Drenge"]},
        reporting_from=date(2025, 1, 1),
    )


def _csv(*lines, name="tal.csv"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode("utf-8-sig"))


def _upload(client, indicator, upload):
    url = reverse("measurement:indicator_import", args=[indicator.slug])
    return client.post(url, {"file": upload})


def _confirm(client, indicator, response):
    url = reverse("measurement:indicator_import", args=[indicator.slug])
    data = {"rows": response.context["token"], "source": "tal.csv", "confirm": "1"}
    return client.post(url, data)


def test_an_import_is_previewed_then_stored_all_together(client_for, secretariat, indicator):
    client = client_for(secretariat)
    upload = _csv(
        "2025-01-01;Organisation A;;;42;;",
        "2025-02-15;Organisation A;Køn;Piger;20,5;;",
        "2025-01-01;organisation a;køn;drenge;21,5;;",
        "2025-04-01;Organisation B;;;1.234;;",
    )

    preview = _upload(client, indicator, upload)

    assert preview.status_code == 200
    assert preview.text.count("Gemmes") == 4
    assert not Report.objects.exists()

    response = _confirm(client, indicator, preview)

    assert response["Location"] == indicator.get_absolute_url()
    reports = Report.objects.order_by("period_start")
    assert [(r.organisation.name, r.total, r.status) for r in reports] == [
        ("Organisation A", Decimal(42), "approved"),
        ("Organisation B", Decimal(1234), "approved"),
    ]
    assert sorted(DataPoint.objects.values_list("value", flat=True)) == [
        Decimal("20.5"),
        Decimal("21.5"),
    ]
    event = AuditEvent.objects.get(object_id=str(reports[0].pk))
    assert event.actor == secretariat and "tal.csv" in event.note


def test_one_bad_row_stores_nothing_and_says_which_and_why(client_for, secretariat, indicator):
    upload = _csv(
        "2025-01-01;Organisation A;;;42;;",
        "2025-04-01;Ukendt forening;;;7;;",
        "2025-07-01;Organisation A;Køn;Andre;3;;",
        "april;Organisation A;;;3;;",
        "2025-10-01;Organisation A;;;tre;;",
    )

    response = _upload(client_for(secretariat), indicator, upload)

    text = response.text
    assert "4 rækker har fejl, så intet er gemt." in text
    assert "Ukendt forening indberetter ikke til indikatoren." in text
    assert "Gruppen Køn: Andre findes ikke for indikatoren." in text
    assert "Perioden skal være en dato, fx 2026-04-01." in text
    assert "tre er ikke et tal." in text
    assert not response.context["token"]
    assert not Report.objects.exists()
    rows = {row.line: row.error for row in response.context["rows"]}
    assert rows[2] == "" and rows[3] and rows[6]


def test_an_approved_value_is_never_overwritten_by_an_import(
    client_for, secretariat, member_a, indicator
):
    save_report(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        figures=Figures(total=Decimal(40)),
        by=member_a,
        submit=True,
    )

    response = _upload(client_for(secretariat), indicator, _csv("2025-01-01;Organisation A;;;42;;"))

    assert "Der er allerede en indberetning for perioden" in response.text
    assert Report.objects.get().total == Decimal(40)


def test_a_report_that_arrives_after_the_preview_refuses_the_whole_import(
    client_for, secretariat, member_a, indicator
):
    client = client_for(secretariat)
    preview = _upload(
        client,
        indicator,
        _csv("2025-01-01;Organisation B;;;4;;", "2025-04-01;Organisation A;;;42;;"),
    )
    save_report(
        indicator=indicator,
        period_start=date(2025, 4, 1),
        figures=Figures(total=Decimal(40)),
        by=member_a,
        submit=False,
    )

    response = _confirm(client, indicator, preview)

    assert response.status_code == 200
    assert "intet er gemt" in response.text
    assert list(Report.objects.values_list("total", flat=True)) == [Decimal(40)]


def test_a_spreadsheet_can_be_imported(client_for, secretariat, indicator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([date(2025, 3, 31), "Organisation A", None, None, 42.5, None, None])
    content = io.BytesIO()
    workbook.save(content)
    upload = SimpleUploadedFile("tal.xlsx", content.getvalue())

    preview = _upload(client_for(secretariat), indicator, upload)
    _confirm(client_for(secretariat), indicator, preview)

    report = Report.objects.get()
    assert (report.period_start, report.total) == (date(2025, 1, 1), Decimal("42.5"))


def test_a_changed_preview_is_refused(client_for, secretariat, indicator):
    client = client_for(secretariat)
    preview = _upload(client, indicator, _csv("2025-01-01;Organisation A;;;42;;"))
    url = reverse("measurement:indicator_import", args=[indicator.slug])

    response = client.post(
        url, {"rows": preview.context["token"] + "x", "source": "tal.csv", "confirm": "1"}
    )

    assert "Forhåndsvisningen er for gammel" in response.text
    assert not Report.objects.exists()


def test_a_file_without_the_columns_is_explained(client_for, secretariat, indicator):
    upload = SimpleUploadedFile("tal.csv", b"dato;tal\n2025-01-01;4\n")

    response = _upload(client_for(secretariat), indicator, upload)

    assert "Kolonnerne periode, organisation, opdeling, gruppe, værdi" in response.text


def test_downloads_keep_text_as_text(client_for, secretariat, member_a, organisation_a):
    indicator = make_indicator(name="=HYPERLINK(1)", slug="formel", responsible=[organisation_a])
    save_report(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        figures=Figures(total=Decimal(4), note="x"),
        by=member_a,
        submit=True,
    )
    organisation_a.name = "=SUM(A1:A2)"
    organisation_a.save()
    client = client_for(secretariat)

    csv_response = client.get(reverse("measurement:export_csv", args=[indicator.slug]))
    xlsx_response = client.get(reverse("measurement:export_xlsx", args=[indicator.slug]))

    assert isinstance(csv_response, StreamingHttpResponse)
    assert "'=SUM(A1:A2)" in b"".join(csv_response.streaming_content).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cell = sheet.cell(row=2, column=4)
    assert (cell.value, cell.data_type) == ("=SUM(A1:A2)", "s")
    assert sheet.cell(row=2, column=8).value == 4

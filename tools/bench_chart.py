"""
Time an indicator's page with 10,000 approved figures behind its curve.

Builds, in a throwaway database, one quarterly indicator broken down by
gender, with one approved report (and a figure per group) from each of
BENCH_ORGANISATIONS organisations in each of BENCH_PERIODS quarters (added up
as BENCH_AGGREGATION says: sum, mean or latest), then asks
for the indicator's page as the secretariat BENCH_REQUESTS times through the
Django test client and prints the median and 95th percentile server time and
the number of queries.

    .venv/bin/python tools/bench_chart.py                 # SQLite in a temporary file
    DATABASE_URL=postgres:///alliance_bench_chart .venv/bin/python tools/bench_chart.py

The PostgreSQL database must exist (createdb alliance_bench_chart); everything
in it is deleted first. The page should answer in less than 100 ms.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PERIODS = int(os.environ.get("BENCH_PERIODS", "40"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "250"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
AGGREGATION = os.environ.get("BENCH_AGGREGATION", "sum")  # sum, mean or latest
TARGET_MS = 100

_scratch = None
if not os.environ.get("DATABASE_URL"):
    _scratch = tempfile.TemporaryDirectory(prefix="bench-chart-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_scratch.name}/bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
# Connections are reused between requests, as gunicorn workers reuse them.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from agenda.models import Goal  # noqa: E402
from measurement.models import (  # noqa: E402
    CurveStory,
    DataPoint,
    Dimension,
    DimensionValue,
    Forecast,
    Indicator,
    Report,
)
from members.models import Organisation, User  # noqa: E402


def quarters(n):
    starts, year, month = [], 2016, 1
    for _ in range(n):
        starts.append(date(year, month, 1))
        month += 3
        if month > 12:
            year, month = year + 1, 1
    return starts


def build():
    """The indicator and its PERIODS × ORGANISATIONS approved reports; returns the indicator."""
    secretariat = User.objects.create_user(
        email="sekretariat@bench.dk", full_name="Sara Sekretariat", role="secretariat"
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Organisation {number}", sector="civilsamfund")
        for number in range(ORGANISATIONS)
    )
    starts = quarters(PERIODS)
    indicator = Indicator.objects.create(
        goal=Goal.objects.create(title="Flere unge i fritidsjob"),
        name="Unge i fritidsjob",
        slug="unge-i-fritidsjob",
        definition="Unge på 15-17 år med et fritidsjob.",
        method="Optalt hos **arbejdsgiverne** hvert kvartal.",
        kind=Indicator.Kind.POPULATION,
        aggregation=AGGREGATION,
        unit="unge",
        reporting_from=starts[0],
        baseline_value=Decimal(4000),
        baseline_period=starts[0],
        target_value=Decimal(9000),
        target_date=date(2030, 12, 31),
        is_public=True,
    )
    indicator.responsible.set(organisations)
    dimension = Dimension.objects.create(indicator=indicator, name="Køn")
    girls = DimensionValue.objects.create(dimension=dimension, label="Piger", order=0)
    boys = DimensionValue.objects.create(dimension=dimension, label="Drenge", order=1)
    reviewed = timezone.now() - timedelta(days=365)
    reports = [
        Report(
            indicator=indicator,
            organisation=organisation,
            period_start=start,
            status=Report.Status.APPROVED,
            total=Decimal(10 + (index + number) % 20),
            reviewed_by=secretariat,
            reviewed_at=reviewed + timedelta(minutes=index * ORGANISATIONS + number),
        )
        for index, start in enumerate(starts)
        for number, organisation in enumerate(organisations)
    ]
    Report.objects.bulk_create(reports, batch_size=2000)
    points = []
    for report in Report.objects.filter(indicator=indicator).values("pk", "total"):
        half = report["total"] // 2
        points.append(DataPoint(report_id=report["pk"], dimension_value=girls, value=half))
        points.append(
            DataPoint(report_id=report["pk"], dimension_value=boys, value=report["total"] - half)
        )
    DataPoint.objects.bulk_create(points, batch_size=2000)
    CurveStory.objects.bulk_create(
        CurveStory(
            indicator=indicator,
            period_start=start,
            text="Sommerferien gav **flere** job.",
            written_by=secretariat,
        )
        for start in starts[3::4]
    )
    Forecast.objects.create(
        indicator=indicator,
        from_period=starts[0],
        start_value=Decimal(4000),
        change_per_period=Decimal(20),
        reason="Som hidtil.",
        set_by=secretariat,
    )
    return indicator, secretariat


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    began = time.perf_counter()
    indicator, secretariat = build()
    # The statistics the query planner would have once autovacuum has seen the new rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    figures = Report.objects.filter(indicator=indicator).count()
    print(
        f"{connection.vendor}, {AGGREGATION}: {figures} approved reports "
        f"({PERIODS} quarters × {ORGANISATIONS} organisations), "
        f"{DataPoint.objects.count()} group figures, built in {time.perf_counter() - began:.1f} s"
    )
    client = Client()
    client.force_login(secretariat)
    address = reverse("measurement:indicator_detail", args=[indicator.slug])
    response = client.get(address)  # warm up: templates, translations, connection
    assert response.status_code == 200, response.status_code
    queries = []  # (milliseconds, SQL) of one request

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - start) * 1000, sql))

    with connection.execute_wrapper(timed):
        client.get(address)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(address)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(
        f"indicator page over {REQUESTS} requests: median {median:.1f} ms, "
        f"p95 {p95:.1f} ms, {len(queries)} queries, {len(response.content) // 1024} KB"
    )
    slowest = max(queries)
    print(
        f"one request's queries took {sum(ms for ms, _sql in queries):.1f} ms, "
        f"the slowest {slowest[0]:.1f} ms: {slowest[1][:120]}…"
    )
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        if _scratch is not None:
            connection.close()
            _scratch.cleanup()

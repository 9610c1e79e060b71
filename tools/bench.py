"""
Measure the key pages under load, the way production serves them.

Run through `make bench`. It prepares a PostgreSQL database with the demo
alliance, starts gunicorn with production settings (debug off, manifest
static files, the database task queue), makes a logged-in session for each
role without going through the slow password check, and points wrk at every
page with 8 concurrent clients. `/healthz` runs in the same series: it is the
ceiling of this stack (gunicorn, middleware, one query), so each page is also
given as a share of it.

The table is printed and written to bench-results.md. Settings through the
environment: BENCH_DATA ("demo", the default, or "large": the demo plus the
large alliance of `seed_large`), BENCH_DATABASE_URL (default postgres:///alliance_bench,
or alliance_bench_large for the large data),
BENCH_SECONDS per page (default 10), BENCH_WORKERS (gunicorn workers, default 2),
BENCH_CONNECTIONS (default 8).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATA = os.environ.get("BENCH_DATA", "demo")
# Each data set has its own database, so the demo's figures never include the large one.
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres:///alliance_bench" + ("_large" if DATA == "large" else ""),
)
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
RESULTS = ROOT / "bench-results.md"

# (label, URL name, its kwargs, role); the role's session is sent as a cookie.
# URL names are resolved by Django, so the table follows the URL scheme.
PAGES = [
    ("/healthz (ceiling)", "pages:healthz", {}, None),
    ("forside", "pages:home", {}, None),
    ("om metoden", "pages:about", {}, None),
    ("kontakt", "pages:contact", {}, None),
    ("frivillig tilmelding", "volunteers:signup", {}, None),
    ("offentlige indsatser", "initiatives:public_list", {}, None),
    ("resultater", "measurement:results", {}, None),
    ("resultat: en indikator", "measurement:public_indicator", {"slug": "unge-i-fritidsjob"}, None),
    ("dagsorden", "agenda:detail", {}, "member"),
    ("indsatser (intern)", "initiatives:initiative_list", {}, "member"),
    ("min organisation", "initiatives:my_organisation", {}, "member"),
    ("organisationer", "members:organisation_list", {}, "member"),
    ("indberetning", "measurement:reporting", {}, "member"),
    (
        "indikator (intern)",
        "measurement:indicator_detail",
        {"slug": "unge-i-en-fritidsaktivitet"},
        "member",
    ),
    ("frivillige (sekretariat)", "volunteers:list", {}, "secretariat"),
    ("brugere (sekretariat)", "members:user_list", {}, "secretariat"),
    ("nyheder", "communication:news_list", {}, None),
    ("overblik (medlem)", "communication:home", {}, "member"),
    ("sekretariatets overblik", "secretariat:home", {}, "secretariat"),
    ("opgavetavle", "secretariat:task_board", {}, "secretariat"),
    ("sammenhæng", "secretariat:coherence", {}, "secretariat"),
    ("de fem forudsætninger", "secretariat:health", {}, "secretariat"),
]
ROLE_EMAILS = {"member": "medlem@demo.dk", "secretariat": "sekretariat@demo.dk"}

SESSIONS_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from members.models import User

for role, email in {emails!r}.items():
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print("SESSION", role, session.session_key)
for label, name, kwargs, role in {pages!r}:
    print("URL", name, reverse(name, kwargs=kwargs))
"""


def environment():
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def create_database():
    name = DATABASE_URL.rsplit("/", 1)[-1]
    if DATABASE_URL.startswith("postgres") and shutil.which("createdb"):
        subprocess.run(["createdb", name], stderr=subprocess.DEVNULL, check=False)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def run_wrk(url, cookie):
    command = [
        "wrk",
        f"-t{min(2, CONNECTIONS)}",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "tools" / "bench_report.lua"),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    match = re.search(
        r"BENCH requests=(\d+) seconds=([\d.]+) p50_ms=([\d.]+) p95_ms=([\d.]+) errors=(\d+)",
        output,
    )
    if not match:
        raise SystemExit(f"wrk printed no result for {url}:\n{output}")
    requests, seconds, p50, p95, errors = match.groups()
    return int(requests) / float(seconds), float(p50), float(p95), int(errors)


def check_page(url, cookie):
    """A page that answers anything but 200 would measure a redirect or an error page."""
    request = urllib.request.Request(
        url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {}
    )
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=10) as answer:
        if answer.status != 200:
            raise SystemExit(f"{url} answered {answer.status}, not 200")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    if DATA not in ("demo", "large"):
        raise SystemExit(f"BENCH_DATA is {DATA!r}: use demo or large")
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install -y wrk")
    env = environment()
    create_database()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    if DATA == "large":
        manage(env, "seed_large")
    # A database that has lived a while has its planner statistics; a freshly seeded one
    # has none until autovacuum comes by, and its plans would make the pages look slower.
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )
    manage(env, "collectstatic", "--noinput", "-v0")
    found = manage(
        env,
        "shell",
        "-c",
        SESSIONS_SCRIPT.format(emails=ROLE_EMAILS, pages=PAGES),
        capture=True,
    )
    sessions = dict(re.findall(r"^SESSION (\w+) (\S+)$", found, re.MULTILINE))
    paths = dict(re.findall(r"^URL (\S+) (\S+)$", found, re.MULTILINE))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "alliance.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    rows = []
    try:
        wait_until_up(base)
        for label, name, _kwargs, role in PAGES:
            url = base + paths[name]
            cookie = sessions.get(role) if role else None
            check_page(url, cookie)
            rows.append((label, role or "anonym", *run_wrk(url, cookie)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = rows[0][2]
    lines = [
        f"{DATA} data, gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections, "
        f"{SECONDS} s per page, {os.cpu_count()} cores",
        "",
        "| page | role | req/s | p50 ms | p95 ms | share of /healthz | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, role, rate, p50, p95, errors in rows:
        lines.append(
            f"| {label} | {role} | {rate:,.0f} | {p50:.1f} | {p95:.1f} | "
            f"{rate / ceiling:.0%} | {errors} |"
        )
    table = "\n".join(lines) + "\n"
    RESULTS.write_text(table)
    print(table)
    print(f"Written to {RESULTS.name}.")
    if any(row[-1] for row in rows):
        raise SystemExit("Some requests failed: see the errors column.")


if __name__ == "__main__":
    main()

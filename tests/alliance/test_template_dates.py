"""Templates show dates through short_date / short_datetime / short_time only.

A <time datetime> takes `machine`; the date filter remains for a day as an anchor or
for comparing two days. A hand-written display format would read differently from
every other page and would not follow the reader's language.
"""

import re
from pathlib import Path

from django.conf import settings

MACHINE_FORMATS = {"Y-m-d", "Ymd", r"Y-m-d\TH:i:sO"}
DATE_FILTER = re.compile(r"""\|date(?::\s*(?:_\()?(["'])(?P<format>.*?)\1)?""")


def _templates():
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*")):
        if path.suffix in {".html", ".txt"} and "secretariat" not in path.parts:
            yield path, root


def test_no_template_writes_a_date_format_by_hand():
    found = []
    for path, root in _templates():
        for match in DATE_FILTER.finditer(path.read_text()):
            if match.group("format") not in MACHINE_FORMATS:
                found.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert found == []

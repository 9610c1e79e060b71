"""
Imports run one way, downwards:
pages, demo → secretariat → communication, measurement, volunteers →
initiatives → agenda → members → alliance.

An app may import the apps below it; apps on one floor may use each other
only as long as no circle closes; and no import of another app hides inside
a function, where it would dodge a circle at import time.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOORS = [
    ["alliance"],
    ["members"],
    ["agenda"],
    ["initiatives"],
    ["volunteers", "measurement", "communication"],
    ["secretariat"],
    ["pages", "demo"],
]
FLOOR = {app: level for level, apps in enumerate(FLOORS) for app in apps}


def imported_apps(source):
    """(app, line, inside a function) for every import of a portal app in the source."""
    tree = ast.parse(source)
    local = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            local.update(id(inner) for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            app = name.split(".")[0]
            if app in FLOOR:
                yield app, node.lineno, id(node) in local


def violations(sources):
    """What breaks the rule in {path relative to the root: source}."""
    found, edges = [], {}
    for path, source in sources.items():
        app = path.split("/")[0]
        for other, line, in_function in imported_apps(source):
            if other == app:
                continue
            where = f"{path}:{line} imports {other}"
            if FLOOR[other] > FLOOR[app]:
                found.append(f"{where}, which is above {app}")
            elif in_function:
                found.append(f"{where} inside a function")
            edges.setdefault(app, set()).add(other)
    found.extend(f"circle: {' → '.join(circle)}" for circle in _circles(edges))
    return found


def _circles(edges):
    circles, done = [], set()

    def visit(app, trail):
        if app in trail:
            circles.append([*trail[trail.index(app) :], app])
            return
        if app in done:
            return
        for other in sorted(edges.get(app, ())):
            visit(other, [*trail, app])
        done.add(app)

    for app in sorted(edges):
        visit(app, [])
    return circles


def portal_sources():
    return {
        str(path.relative_to(ROOT)): path.read_text()
        for app in FLOOR
        if (ROOT / app).is_dir()
        for path in (ROOT / app).rglob("*.py")
    }


def test_every_app_imports_only_downwards():
    sources = portal_sources()
    assert {path.split("/")[0] for path in sources} >= {"alliance", "members", "pages", "demo"}
    assert violations(sources) == []


def test_an_import_from_above_is_caught():
    found = violations({"members/models.py": "from pages.views import home\n"})
    assert found == ["members/models.py:1 imports pages, which is above members"]


def test_an_import_hidden_in_a_function_is_caught():
    source = "def f():\n    from members.models import User\n"
    assert violations({"initiatives/x.py": source}) == [
        "initiatives/x.py:2 imports members inside a function"
    ]


def test_a_circle_between_neighbours_is_caught():
    found = violations(
        {
            "volunteers/a.py": "import communication.services\n",
            "communication/b.py": "from volunteers.models import Volunteer\n",
        }
    )
    assert any(line.startswith("circle:") for line in found)

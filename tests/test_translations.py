"""
Every text a user sees is in the Danish and the English catalogue.

The test extracts the texts afresh from a copy of the code (so the working
tree is never touched) and merges them with the committed catalogues: any
text missing from a catalogue then shows up untranslated. Untranslated and
fuzzy entries fail the test, with the texts named.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Everything makemessages reads; the rest of the checkout is left behind.
NOT_SOURCES = {".git", ".venv", ".ci", "staticfiles", "tests", "node_modules", "static"}
LANGUAGES = ["da", "en"]


def parse_po(text):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), fuzzy."""
    entries, entry, key = [], None, None

    def finish():
        if entry and entry.get("msgid") is not None:
            entries.append(entry)

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if entry is None:
            entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key, entry["msgid_plural"] = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            key, entry["msgid"] = "msgid", _unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            key = ("msgstr", index)
            entry["msgstr"][index] = _unquote(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            key = ("msgstr", 0)
            entry["msgstr"][0] = _unquote(line[7:])
        elif line.startswith('"') and key:
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key] += _unquote(line)
    return [e for e in entries if e["msgid"] != ""]


def _unquote(text):
    return text.strip()[1:-1].encode().decode("unicode_escape").encode("latin-1").decode()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    if not shutil.which("xgettext"):
        message = "GNU gettext (xgettext) is not installed: the translation check cannot run."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + " Install it with: apt-get install gettext")
    copy = tmp_path_factory.mktemp("source")
    for source in ROOT.iterdir():
        if source.name in NOT_SOURCES or source.name.startswith("."):
            continue
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, copy / source.name, ignore=ignore)
        elif source.suffix == ".py":
            shutil.copy(source, copy / source.name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings", "DJANGO_DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
        + [f"-l{language}" for language in LANGUAGES],
        cwd=copy,
        env=env,
        check=True,
    )
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_text_translated(extracted, language):
    entries = parse_po((extracted / "locale" / language / "LC_MESSAGES" / "django.po").read_text())
    assert entries, "no texts were extracted"
    missing = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if e["fuzzy"]]
    assert not missing, f"{len(missing)} texts lack a {language} translation: {missing[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy {language} translations: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogue_matches_the_code(extracted, language):
    def msgids(path):
        return {(e["msgid"], e["msgid_plural"]) for e in parse_po(path.read_text())}

    relative = Path("locale") / language / "LC_MESSAGES" / "django.po"
    committed, fresh = msgids(ROOT / relative), msgids(extracted / relative)
    assert committed == fresh, (
        f"run `make messages`: new {sorted(fresh - committed)[:10]}, "
        f"obsolete {sorted(committed - fresh)[:10]}"
    )

import random
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from markdown_it import MarkdownIt

from agenda.models import Agenda, AgendaGoal, Goal
from alliance import markdown
from alliance.markdown import MAX_MARKDOWN_LENGTH, render_markdown
from initiatives.models import Commitment, Initiative
from tests.factories import make_agenda, make_initiative, make_organisation

N = 100_000

# Inputs that make backtracking Markdown parsers slow: runs of brackets,
# unclosed links and images, nested emphasis and code markers, long lines.
PATHOLOGICAL = {
    "[": "[" * N,
    "![": "![" * N,
    "[](": "[](" * N,
    "[a](": "[a](" * N,
    "[a][": "[a][" * N,
    "nested brackets": "[" * N + "a" + "]" * N,
    "*": "*" * N,
    "_": "_" * N,
    "`": "`" * N,
    "*a": "*a" * N,
    "_a ": "_a " * N,
    "`a": "`a" * N,
    "nested * and _": "*_" * N + "_*" * N,
    "mixed": "**_`[" * N,
    "long line": "ord " * N,
    "long line of links": "[a](https://x.dk) " * (N // 10),
    "many lines of [": ("[" * 100 + "\n") * (N // 100),
    "> ": "> " * N,
    "- ": "- " * N,
    "<": "<" * N,
    "&": "&" * N,
    "\\": "\\" * N,
}


def _timed(text):
    """Seconds of this process's CPU time to render `text`: a runaway parse is CPU, and
    other processes on a busy machine do not count against it."""
    start = time.process_time()
    html = render_markdown(text)
    return time.process_time() - start, html


def test_pathological_texts_render_in_well_under_a_second():
    times = {}
    for name, text in PATHOLOGICAL.items():
        times[name], html = _timed(text)
        assert html.startswith("<"), name
    worst = max(times, key=times.get)
    print(f"\nworst of {len(times)} pathological texts: {worst!r} {times[worst]:.3f} s")
    assert {name: seconds for name, seconds in times.items() if seconds >= 0.5} == {}


def test_pathological_texts_at_the_longest_allowed_length_are_still_markdown():
    times = {}
    link = "[sidst](https://x.dk)"
    for name, text in PATHOLOGICAL.items():
        text = link + "\n\n" + text[: MAX_MARKDOWN_LENGTH - len(link) - 2]
        times[name], html = _timed(text)
        assert 'href="https://x.dk"' in html, name
    worst = max(times, key=times.get)
    print(f"\nworst at {MAX_MARKDOWN_LENGTH} characters: {worst!r} {times[worst]:.3f} s")
    assert {name: seconds for name, seconds in times.items() if seconds >= 1} == {}


def test_skipping_unclosed_brackets_changes_no_output():
    """Random texts render as without the rule.

    Where the rule declines every time it is asked (and leaves the parser's
    state as it found it), the parse is the plain parser's by construction,
    so only the texts where it takes a run of brackets are rendered twice.
    """
    plain = MarkdownIt("commonmark", {"html": False})
    taken = []

    def watched(state, silent):
        before = (state.pos, state.pending)
        if markdown._unclosed_brackets(state, silent):
            taken.append(True)
            return True
        assert (state.pos, state.pending) == before
        return False

    pieces = [*"[]!()a *_`\\\n<>&", "](x)", "![", "[a]", "[x]: /u\n", "\n\n", "> ", "- "]
    rng = random.Random(1)
    compared = 0
    markdown._parser.inline.ruler.at("unclosed_brackets", watched)
    try:
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
            taken.clear()
            html = markdown._parser.render(text)
            if taken:
                compared += 1
                assert html == plain.render(text), text
    finally:
        markdown._parser.inline.ruler.at("unclosed_brackets", markdown._unclosed_brackets)
    assert compared > 500
    assert '<a href="https://x.dk"' in render_markdown("[[[![[a](https://x.dk) ![[[")


def test_a_text_longer_than_any_field_allows_shows_as_plain_paragraphs():
    html = render_markdown("**fed** <script>x</script>\n\n" + "a" * MAX_MARKDOWN_LENGTH)
    assert html.startswith("<p>**fed** &lt;script&gt;x&lt;/script&gt;</p><p>aaa")
    assert "<strong>" not in html


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Agenda, "vision"),
        (Agenda, "problem_statement"),
        (AgendaGoal, "description"),
        (Initiative, "description"),
        (Initiative, "volunteer_description"),
    ],
)
def test_every_markdown_field_fits_under_the_markdown_limit(model, field):
    assert model._meta.get_field(field).max_length <= MAX_MARKDOWN_LENGTH


def test_headings_are_demoted_and_raw_html_shows_as_text():
    html = render_markdown("# Titel\n\n## Under\n\n#### Lille\n\n<b>fed</b> *kursiv*")
    assert "<h3>Titel</h3>" in html and "<h3>Under</h3>" in html and "<h4>Lille</h4>" in html
    assert "<h1" not in html and "<h2" not in html
    assert "&lt;b&gt;fed&lt;/b&gt; <em>kursiv</em>" in html


def test_links_keep_safe_addresses_only():
    html = render_markdown("[ok](https://x.dk) [mail](mailto:a@x.dk) [ond](javascript:alert(1))")
    assert '<a href="https://x.dk" rel="noopener noreferrer">ok</a>' in html
    assert 'href="mailto:a@x.dk"' in html
    assert "[ond](javascript:alert(1))" in html
    assert 'href="javascript' not in html


def test_the_same_text_is_converted_once():
    text = "Vi vil **mere** samarbejde."
    with mock.patch.object(markdown, "convert", wraps=markdown.convert) as convert:
        first = render_markdown(text)
        second = render_markdown(text)
    assert first == second == "<p>Vi vil <strong>mere</strong> samarbejde.</p>\n"
    assert convert.call_count == 1


def test_an_edited_text_is_rendered_anew():
    assert "<strong>mere</strong>" in render_markdown("Vi vil **mere**.")
    assert "<em>mindre</em>" in render_markdown("Vi vil *mindre*.")


def test_a_new_renderer_version_does_not_reuse_old_html():
    render_markdown("Tekst")
    with (
        mock.patch.object(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + 1),
        mock.patch.object(markdown, "convert", wraps=markdown.convert) as convert,
    ):
        render_markdown("Tekst")
    assert convert.call_count == 1


def test_front_page_renders_the_vision_from_the_cache(client, secretariat):
    vision = "Alle unge i **Helsingør** har et godt fritidsliv."
    make_agenda(goals=["Mål"], adopt=True, by=secretariat, vision=vision)
    with mock.patch.object(markdown, "convert", wraps=markdown.convert) as convert:
        first = client.get("/")
        second = client.get("/")
    assert "<strong>Helsingør</strong>" in first.text
    assert "<strong>Helsingør</strong>" in second.text
    assert [call.args[0] for call in convert.call_args_list] == [vision]


def test_public_initiative_full_of_brackets_answers_quickly(client, db):
    limit = Initiative._meta.get_field("description").max_length
    link = "[Læs mere](https://x.dk)"
    initiative = make_initiative(
        is_public=True, description="[" * (limit - len(link) - 2) + "\n\n" + link
    )
    start = time.process_time()
    response = client.get(reverse("initiatives:public_detail", args=[initiative.slug]))
    seconds = time.process_time() - start
    print(f"\npublic initiative page, {limit} characters of '[': {seconds:.3f} s")
    assert response.status_code == 200
    assert "[[[[[[[[" in response.text and 'href="https://x.dk"' in response.text
    assert seconds < 1


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Agenda, "vision", 20000),
        (Agenda, "problem_statement", 20000),
        (Goal, "description", 10000),
        (AgendaGoal, "description", 10000),
        (Initiative, "description", 10000),
        (Initiative, "volunteer_description", 2000),
        (Commitment, "resources", 2000),
    ],
)
def test_long_texts_have_a_limit(model, field, limit):
    form_field = model._meta.get_field(field).formfield()
    assert form_field.clean("x" * limit) == "x" * limit
    with pytest.raises(ValidationError, match=f"højst have {limit} tegn"):
        form_field.clean("x" * (limit + 1))


def test_too_long_initiative_description_is_refused_next_to_the_field(client_for, secretariat):
    client = client_for(secretariat)
    assert 'maxlength="10000"' in client.get(reverse("initiatives:initiative_create")).text
    goal = Goal.objects.create(title="Flere unge i job")
    response = client.post(
        reverse("initiatives:initiative_create"),
        {
            "name": "Lektiecafé i Vapnagaard",
            "slug": "lektiecafe",
            "summary": "Lektiehjælp to gange om ugen.",
            "description": "x" * 10001,
            "goals": [goal.pk],
            "lead_organisation": make_organisation().pk,
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "Denne værdi må højst have 10000 tegn (den har 10001)." in response.text
    assert 'value="Lektiecafé i Vapnagaard"' in response.text
    assert not Initiative.objects.exists()

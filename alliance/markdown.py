"""
Markdown for the long texts people write, made safe to show.

markdown-it-py converts CommonMark to HTML in time linear in the text, with
raw HTML switched off: typed HTML is escaped and shows as text. nh3 then keeps
only a small set of tags and attributes: no scripts, no event handlers, no
styles, and links only to http(s) and mailto addresses.

Rendered HTML is kept in each worker's memory under a hash of the text, so a
page that shows the same text on every request (the vision on the front page)
converts it once, and an edited text is simply a new key: nothing stale is
ever shown. Memory rather than the shared cache: in production without Redis
the shared cache is a database table, and a lookup would cost a query per text.
"""

import hashlib
import re
import threading
from collections import OrderedDict

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "h6", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Part of every cache key: raise it whenever the HTML for a given text changes
# (new parser options, tags or sanitiser rules), so old entries are not served.
RENDERER_VERSION = 1
# Texts kept per worker, the least recently shown dropped first: at most a few
# megabytes, as no text is longer than MAX_MARKDOWN_LENGTH.
CACHE_SIZE = 256
_rendered = OrderedDict()
_rendered_lock = threading.Lock()

# The longest text field the forms accept (the agenda's vision). Parsing is
# linear, but some inputs still cost tens of microseconds a character, so a
# longer text (stored before the limits, or written around the forms) is shown
# as plain paragraphs instead of being parsed.
MAX_MARKDOWN_LENGTH = 20_000

_BRACKET_RUN = re.compile(r"[\[!]+")


def _unclosed_brackets(state, silent):
    """
    Take a run of "[" and "!" as plain text when no "]" follows it.

    Such a run can open no link or image, but the parser would try each "[",
    nesting attempts up to its limit: about 20 µs a character, and 1 s for
    20,000 characters of "![".
    """
    if state.src[state.pos] not in "[!":
        return False
    last_close = getattr(state, "last_close_bracket", None)
    if last_close is None:
        last_close = state.last_close_bracket = state.src.rfind("]")
    if last_close > state.pos:
        return False
    end = _BRACKET_RUN.match(state.src, state.pos, state.posMax).end()
    if not silent:
        state.pending += state.src[state.pos : end]
    state.pos = end
    return True


_parser = MarkdownIt("commonmark", {"html": False})
_parser.inline.ruler.before("link", "unclosed_brackets", _unclosed_brackets)


def render_markdown(text):
    """Markdown to sanitised HTML, from the cache when the same text was rendered before."""
    if not text:
        return mark_safe("")
    key = (RENDERER_VERSION, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    with _rendered_lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
    if html is None:
        html = convert(text)
        with _rendered_lock:
            _rendered[key] = html
            while len(_rendered) > CACHE_SIZE:
                _rendered.popitem(last=False)
    return mark_safe(html)


def clear_cache():
    with _rendered_lock:
        _rendered.clear()


def convert(text):
    """Render without the cache."""
    if len(text) > MAX_MARKDOWN_LENGTH:
        converted = _plain_paragraphs(text)
    else:
        tokens = _parser.parse(text)
        # Headings inside a text must not compete with the page's own h1 and h2.
        for token in tokens:
            if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
                token.tag = "h3"
        converted = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def _plain_paragraphs(text):
    paragraphs = text.replace("\r\n", "\n").split("\n\n")
    return "".join(
        "<p>" + escape(paragraph.strip("\n")).replace("\n", "<br>") + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )

"""
Markdown for the long texts people write, made safe to show.

Markdown is converted to HTML, then nh3 keeps only a small set of tags and
attributes: no scripts, no event handlers, no styles, and links only to
http(s) and mailto addresses. Raw HTML typed into the text is escaped first,
so it shows as text instead of being interpreted.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "h6", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    if not text:
        return mark_safe("")
    # Escaping "<" turns typed HTML into visible text and leaves Markdown's own
    # syntax (including ">" for quotes) alone.
    converted = markdown_lib.markdown(text.replace("<", "&lt;"), output_format="html")
    # Headings inside a text must not compete with the page's own h1 and h2.
    for level in ("1", "2"):
        converted = converted.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)

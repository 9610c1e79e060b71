"""Every table sits in a scroll region a keyboard can reach and a screen reader can name.

A table wider than a phone scrolls inside its own region: the region takes focus
(tabindex="0") so it scrolls with the arrow keys, and is named (role="region" with
aria-labelledby pointing at the table's caption, or aria-label), and no two regions on
a page share a name. A visible caption would scroll away with the table, so the caption
in the table is visually hidden and its words, where they should be seen, stand above
the region.
"""

from html.parser import HTMLParser

import pytest

from tests import pagelist

world = pagelist.world
shared_world = pagelist.shared_world


class _Tables(HTMLParser):
    """The scroll regions, tables, captions and named elements of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.regions, self.loose_tables, self.shown_captions = [], 0, []
        self.texts, self._divs, self._open_ids = {}, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div":
            scrolls = "table-responsive" in classes
            self._divs.append(scrolls)
            if scrolls:
                self.regions.append(attrs)
        elif tag == "table" and not any(self._divs):
            self.loose_tables += 1
        elif tag == "caption" and "visually-hidden" not in classes:
            self.shown_captions.append(attrs)
        if attrs.get("id"):
            self.texts[attrs["id"]] = ""
            self._open_ids.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if tag == "div" and self._divs:
            self._divs.pop()
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        for _tag, element_id in self._open_ids:
            self.texts[element_id] += data


def problems_of(html):
    page = _Tables()
    page.feed(html)
    found, names_seen = [], set()
    for region in page.regions:
        label = f"<div {' '.join(f'{k}={v!r}' for k, v in region.items())}>"
        if region.get("tabindex") != "0":
            found.append(f"{label}: not focusable")
        if region.get("role") != "region":
            found.append(f"{label}: no role=region")
        names = [page.texts.get(i, "").strip() for i in region.get("aria-labelledby", "").split()]
        name = region.get("aria-label", "").strip() or " ".join(names)
        if not (region.get("aria-label", "").strip() or (names and all(names))):
            found.append(f"{label}: no name, or it points at nothing")
        elif name in names_seen:
            found.append(f"{label}: named like another region on the page")
        names_seen.add(name)
    if page.loose_tables:
        found.append(f"{page.loose_tables} table(s) outside a scroll region")
    found += [f"a caption inside the scroll box is shown: {c}" for c in page.shown_captions]
    return found


def test_the_check_finds_an_unnamed_region_and_a_shown_caption():
    html = '<div class="table-responsive"><table><caption>Tal</caption></table></div><table>'
    assert len(problems_of(html)) == 5
    twice = '<div class="table-responsive" tabindex="0" role="region" aria-label="Tal"></div>' * 2
    assert problems_of(twice) == [
        "<div class='table-responsive' tabindex='0' role='region' aria-label='Tal'>: "
        "named like another region on the page"
    ]
    good = (
        '<p class="table-caption" aria-hidden="true">Tal</p>'
        '<div class="table-responsive" tabindex="0" role="region" aria-labelledby="t">'
        '<table><caption id="t" class="visually-hidden">Tal</caption></table></div>'
    )
    assert problems_of(good) == []


class TestEveryTable:
    @pytest.mark.parametrize("name", pagelist.get_pages(html=True))
    def test_every_table_scrolls_in_a_named_focusable_region(self, client, world, name):
        for role, response in pagelist.as_each_viewer(client, world, name):
            assert problems_of(response.text) == [], f"{role} {response.request['PATH_INFO']}"

"""What the comparison of two agenda versions shows as changed."""

from django.urls import reverse

from agenda.diff import word_diff
from agenda.services import start_draft
from tests.factories import make_agenda


def _changed(pieces):
    return [(kind, text) for kind, text in pieces if kind != "same"]


def test_line_endings_and_wrapping_are_not_changes():
    seed = "Unge i kommunen\nmangler job.\n\nVi vil ændre det."
    from_browser = "Unge i kommunen mangler job.\r\n\r\nVi vil ændre det.\r\n"
    assert _changed(word_diff(seed, from_browser)) == []


def test_a_new_paragraph_is_a_change():
    assert _changed(word_diff("Et. To.", "Et.\n\nTo.")) == [("removed", " "), ("added", "\n\n")]


def test_a_changed_word_shows_as_removed_and_added():
    assert _changed(word_diff("Flere unge i job", "Flere unge i uddannelse")) == [
        ("removed", "job"),
        ("added", "uddannelse"),
    ]


def test_an_unchanged_section_saved_from_the_browser_is_not_marked_changed(client_for, secretariat):
    adopted = make_agenda(adopt=True, by=secretariat)
    adopted.problem_statement = "For mange unge\nstår uden job.\n\nDet vil vi ændre."
    adopted.save()
    draft = start_draft(by=secretariat)
    draft.problem_statement = "For mange unge står uden job.\r\n\r\nDet vil vi ændre."
    draft.vision = adopted.vision + " Sammen."
    draft.save()
    page = client_for(secretariat).get(reverse("agenda:draft"))
    assert page.context["diff"].problem_statement
    assert _changed(page.context["diff"].problem_statement) == []
    assert _changed(page.context["diff"].vision) == [("added", " Sammen.")]


def test_no_endorsements_yet_says_so_instead_of_an_empty_list(client_for, member_a, secretariat):
    make_agenda(adopt=True, by=secretariat)
    page = client_for(member_a).get(reverse("agenda:detail"))
    assert "0 organisationer har tilsluttet sig:" not in page.text
    assert "Ingen organisationer har tilsluttet sig denne version endnu." in page.text

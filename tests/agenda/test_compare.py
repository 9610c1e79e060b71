"""Any two versions of the agenda compared, each side shown as rendered Markdown."""

from django.urls import reverse

from agenda.diff import block_diff
from agenda.services import adopt_agenda, start_draft
from tests.factories import make_agenda


def _three_versions(secretariat):
    make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat, vision="Første *vision*.")
    second = start_draft(by=secretariat)
    second.vision = "Anden vision.\n\n- unge\n- job"
    second.save()
    adopt_agenda(draft=second, by=secretariat)
    third = start_draft(by=secretariat)
    third.vision = "Tredje **vision**."
    third.save()
    return third


def test_blocks_that_differ_only_in_wrapping_are_the_same():
    sides = block_diff("Unge i\nkommunen.\n\nTo.", "Unge i kommunen.\r\n\r\nTre.")
    assert sides.before == [("same", "Unge i\nkommunen."), ("removed", "To.")]
    assert sides.after == [("same", "Unge i kommunen."), ("added", "Tre.")]


def test_without_a_choice_the_newest_version_is_compared_with_the_one_before(
    client_for, member_a, secretariat
):
    _three_versions(secretariat)
    page = client_for(member_a).get(reverse("agenda:compare"))
    assert page.status_code == 200
    assert "Fra version 2 til version 3" in page.text
    assert "<strong>vision</strong>" in page.text  # the draft's Markdown, rendered
    assert "<li>unge</li>" in page.text  # the older side's list, rendered


def test_any_two_versions_can_be_compared_marked_for_screen_readers(
    client_for, member_a, secretariat
):
    _three_versions(secretariat)
    page = client_for(member_a).get(reverse("agenda:compare"), {"fra": 1, "til": 3})
    assert "Fra version 1 til version 3" in page.text
    assert "Før (version 1)" in page.text and "Efter (version 3)" in page.text
    assert '<span class="visually-hidden">[fjernet:] </span><p>Første <em>vision</em>.</p>' in (
        page.text
    )
    assert '<span class="visually-hidden">[tilføjet:] </span><p>Tredje' in page.text


def test_the_same_version_twice_or_an_unknown_one_is_explained_not_an_error(
    client_for, member_a, secretariat
):
    _three_versions(secretariat)
    same = client_for(member_a).get(reverse("agenda:compare"), {"fra": 2, "til": 2})
    assert same.status_code == 200 and "Vælg to forskellige versioner." in same.text
    unknown = client_for(member_a).get(reverse("agenda:compare"), {"fra": 9, "til": "x"})
    assert unknown.status_code == 200 and "diff" not in unknown.context


def test_with_one_version_there_is_nothing_to_compare(client_for, member_a, secretariat):
    make_agenda(adopt=True, by=secretariat)
    page = client_for(member_a).get(reverse("agenda:compare"))
    assert "Der skal være mindst to versioner" in page.text


def test_comparing_needs_a_log_in(client, secretariat):
    _three_versions(secretariat)
    assert client.get(reverse("agenda:compare"))["Location"].startswith(reverse("members:login"))


def test_a_changed_goal_description_shows_both_sides(client_for, member_a, secretariat):
    make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    row = draft.agenda_goals.get()
    row.description = "Mindst **100** flere."
    row.save()
    page = client_for(member_a).get(reverse("agenda:draft"))
    assert "Ændrede målsætninger" in page.text
    assert "Mindst <strong>100</strong> flere." in page.text

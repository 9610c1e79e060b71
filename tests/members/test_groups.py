from django.urls import reverse

from members.models import WorkingGroup
from tests.factories import make_group, make_user


def test_secretariat_creates_a_working_group(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("members:group_create"),
        {"name": "Arbejdsgruppe for job", "kind": "working_group", "purpose": "Flere i job."},
    )
    group = WorkingGroup.objects.get(name="Arbejdsgruppe for job")
    assert response["Location"] == reverse("members:group_detail", args=[group.pk])


def test_secretariat_adds_and_removes_a_member(client_for, secretariat, member_a):
    group = make_group()
    client = client_for(secretariat)
    page = client.get(reverse("members:group_detail", args=[group.pk]))
    assert "Anna A (Organisation A)" in page.text  # offered in the add form

    client.post(reverse("members:group_member_add", args=[group.pk]), {"user": member_a.pk})
    assert list(group.members.all()) == [member_a]
    page = client.get(reverse("members:group_detail", args=[group.pk]))
    assert "er tilføjet til" in page.text

    client.post(reverse("members:group_member_remove", args=[group.pk, member_a.pk]))
    assert not group.members.exists()


def test_adding_an_inactive_person_is_refused(client_for, secretariat, organisation_a):
    group = make_group()
    gone = make_user(organisation=organisation_a, is_active=False)
    client_for(secretariat).post(
        reverse("members:group_member_add", args=[group.pk]), {"user": gone.pk}
    )
    assert not group.members.exists()


def test_member_sees_group_members_but_no_edit_controls(client_for, member_a, member_b):
    group = make_group(name="Alliancegruppen", kind="alliance_group", members=[member_a, member_b])
    response = client_for(member_a).get(reverse("members:group_detail", args=[group.pk]))
    assert "Bo B" in response.text
    assert "Tilføj medlem" not in response.text
    assert "Fjern" not in response.text


def test_member_cannot_add_themselves_to_a_group(client_for, member_a):
    group = make_group()
    response = client_for(member_a).post(
        reverse("members:group_member_add", args=[group.pk]), {"user": member_a.pk}
    )
    assert response.status_code == 403
    assert not group.members.exists()

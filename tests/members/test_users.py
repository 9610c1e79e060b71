from django.urls import reverse

from members.models import User
from tests.factories import make_group, make_user


def _edit_data(person, **overrides):
    data = {
        "full_name": person.full_name,
        "email": person.email,
        "role": person.role,
        "organisation": person.organisation_id or "",
        "job_title": person.job_title,
        "phone": person.phone,
        "version": person.version,
    }
    return {**data, **overrides}


def test_secretariat_moves_a_member_to_another_organisation(
    client_for, secretariat, member_a, organisation_b
):
    url = reverse("members:user_edit", args=[member_a.pk])
    response = client_for(secretariat).post(
        url, _edit_data(member_a, organisation=organisation_b.pk)
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.organisation == organisation_b


def test_secretariat_makes_a_member_secretariat(client_for, secretariat, member_a):
    url = reverse("members:user_edit", args=[member_a.pk])
    client_for(secretariat).post(url, _edit_data(member_a, role="secretariat"))
    member_a.refresh_from_db()
    assert member_a.is_secretariat


def test_member_role_without_organisation_is_refused(client_for, secretariat):
    url = reverse("members:user_edit", args=[secretariat.pk])
    response = client_for(secretariat).post(url, _edit_data(secretariat, role="member"))
    assert response.status_code == 200
    assert "Et medlem skal høre til en organisation" in response.text
    secretariat.refresh_from_db()
    assert secretariat.role == "secretariat"


def test_deactivated_person_cannot_log_in_but_keeps_their_groups(
    client, client_for, secretariat, member_a
):
    from tests.conftest import PASSWORD

    group = make_group(members=[member_a])
    response = client_for(secretariat).post(
        reverse("members:user_set_active", args=[member_a.pk]), {"active": "false"}
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert not member_a.is_active
    assert group.members.filter(pk=member_a.pk).exists()
    assert User.objects.filter(pk=member_a.pk).exists()
    client.logout()
    assert not client.login(username=member_a.email, password=PASSWORD)


def test_reactivated_person_can_log_in_again(client, client_for, secretariat, member_a):
    from tests.conftest import PASSWORD

    url = reverse("members:user_set_active", args=[member_a.pk])
    client_for(secretariat).post(url, {"active": "false"})
    client_for(secretariat).post(url, {"active": "true"})
    client.logout()
    assert client.login(username=member_a.email, password=PASSWORD)


def test_a_deactivated_persons_open_session_stops_working(
    client, client_for, secretariat, member_a
):
    from django.test import Client

    member_session = Client()
    member_session.force_login(member_a)
    client_for(secretariat).post(
        reverse("members:user_set_active", args=[member_a.pk]), {"active": "false"}
    )
    response = member_session.get(reverse("members:organisation_list"))
    assert response.status_code == 302


def test_secretariat_cannot_deactivate_themselves(client_for, secretariat):
    client_for(secretariat).post(
        reverse("members:user_set_active", args=[secretariat.pk]), {"active": "false"}
    )
    secretariat.refresh_from_db()
    assert secretariat.is_active


def test_user_list_shows_who_is_still_invited(client_for, secretariat, organisation_a):
    from members.models import Invitation

    invited = make_user(full_name="Inge Inviteret", organisation=organisation_a)
    invited.set_unusable_password()
    invited.save()
    Invitation.issue(user=invited, invited_by=secretariat)
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": "inge"})
    assert "Inge Inviteret" in response.text
    assert "inviteret" in response.text
    assert "Sara Sekretariat</a>" not in response.text


def test_user_list_page_links_keep_the_search(client_for, secretariat, organisation_a):
    for number in range(30):
        make_user(full_name=f"Lise {number:02}", organisation=organisation_a)
    response = client_for(secretariat).get(reverse("members:user_list"), {"q": "lise"})
    assert "q=lise&amp;side=2" in response.text

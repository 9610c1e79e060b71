"""In the portal the secretariat cannot edit, deactivate or re-invite a superuser or staff."""

import pytest
from django.urls import reverse

from members.models import User


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        "drift@test.dk", "x", full_name="Dorte Drift", is_staff=True, role=User.Role.SECRETARIAT
    )


def test_the_secretariat_cannot_change_a_superusers_email(client_for, secretariat, superuser):
    client = client_for(secretariat)
    url = reverse("members:user_edit", args=[superuser.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "email": "angriber@example.invalid",
            "full_name": "Ada Admin",
            "role": "secretariat",
            "version": superuser.version,
        },
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "admin@test.dk"


@pytest.mark.parametrize("name", ["members:user_set_active", "members:user_reinvite"])
def test_the_secretariat_cannot_deactivate_or_reinvite_protected_accounts(
    client_for, secretariat, superuser, staff, name
):
    for person in (superuser, staff):
        response = client_for(secretariat).post(
            reverse(name, args=[person.pk]), {"active": "false"}
        )
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.is_active


def test_an_ordinary_member_is_still_edited_by_the_secretariat(client_for, secretariat, member_a):
    url = reverse("members:user_edit", args=[member_a.pk])
    assert client_for(secretariat).get(url).status_code == 200


def test_the_user_list_offers_no_edit_link_for_a_superuser(client_for, secretariat, superuser):
    page = client_for(secretariat).get(reverse("members:user_list")).text
    assert "Ada Admin" in page
    assert reverse("members:user_edit", args=[superuser.pk]) not in page
    assert reverse("members:user_edit", args=[secretariat.pk]) in page

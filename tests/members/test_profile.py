from django.urls import reverse


def _data(user, **overrides):
    data = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "job_title": user.job_title,
        "version": user.version,
    }
    return {**data, **overrides}


def test_member_edits_their_profile(client_for, member_a):
    client = client_for(member_a)
    response = client.post(
        reverse("members:profile"),
        _data(member_a, full_name="Anna Andersen", phone="+45 20 30 40 50", job_title="Leder"),
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert (member_a.full_name, member_a.phone, member_a.job_title) == (
        "Anna Andersen",
        "+4520304050",
        "Leder",
    )
    assert "+45 20 30 40 50" in client.get(reverse("members:profile")).text


def test_bad_phone_is_explained_and_the_rest_kept(client_for, member_a):
    response = client_for(member_a).post(
        reverse("members:profile"), _data(member_a, full_name="Anna Andersen", phone="123")
    )
    assert response.status_code == 200
    assert "Skriv et dansk telefonnummer med 8 cifre" in response.text
    assert 'value="Anna Andersen"' in response.text


def test_member_cannot_put_themselves_on_the_contact_page(client_for, member_a):
    client_for(member_a).post(
        reverse("members:profile"), _data(member_a, show_on_contact_page="on")
    )
    member_a.refresh_from_db()
    assert not member_a.show_on_contact_page


def test_secretariat_chooses_to_be_on_the_contact_page(client_for, secretariat):
    client_for(secretariat).post(
        reverse("members:profile"), _data(secretariat, show_on_contact_page="on")
    )
    secretariat.refresh_from_db()
    assert secretariat.show_on_contact_page


def test_profile_and_secretariat_edit_at_once_do_not_overwrite_each_other(
    client_for, secretariat, member_a
):
    from django.test import Client

    loaded_version = member_a.version
    other = Client()
    other.force_login(secretariat)
    other.post(
        reverse("members:user_edit", args=[member_a.pk]),
        {
            "full_name": "Anna fra sekretariatet",
            "email": member_a.email,
            "role": "member",
            "organisation": member_a.organisation_id,
            "version": loaded_version,
        },
    )
    response = client_for(member_a).post(
        reverse("members:profile"), _data(member_a, job_title="Min titel", version=loaded_version)
    )
    assert response.status_code == 200
    assert "Anna fra sekretariatet" in response.text
    assert 'value="Min titel"' in response.text

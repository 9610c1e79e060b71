"""Scheduling, changing and cancelling meetings, and who sees them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance import audit
from alliance.models import Notification
from communication.forms.meetings import MeetingForm
from communication.models import Meeting, Rsvp
from communication.services.meetings import MEETING_TRANSITIONS, set_meeting_status
from tests.communication import meeting_cast
from tests.communication.factories import meeting_fields, schedule

# The two groups and their meetings (fixtures).
group_a, group_b = meeting_cast.group_a, meeting_cast.group_b
meeting_a, meeting_b = meeting_cast.meeting_a, meeting_cast.meeting_b

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _detail(meeting):
    return reverse("communication:meeting_detail", args=[meeting.pk])


def test_secretariat_schedules_a_meeting_and_the_group_is_told_in_danish(
    client_for, secretariat, member_a, group_a, django_capture_on_commit_callbacks
):
    starts = timezone.make_aware(timezone.datetime(2026, 11, 27, 14, 0))
    data = meeting_fields(group=group_a, title="Mentormøde", starts_at=starts)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(reverse("communication:meeting_create"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(meeting)
    assert meeting.created_by == secretariat and meeting.status == Meeting.Status.PLANNED
    assert timezone.localtime(meeting.starts_at).hour == 14
    told = Notification.objects.get(recipient=member_a)
    assert told.kind == Notification.Kind.MEETING and told.topic == group_a.name
    assert "27. nov. 2026 kl. 14.00–16.00" in told.body
    assert "Rådhuset" in told.body
    assert [m.to for m in mail.outbox] == [[member_a.email]]
    assert "Mentormøde" in mail.outbox[0].subject
    assert audit.history(meeting).filter(action=audit.Action.CREATED).exists()


def test_member_may_not_schedule_a_meeting(client_for, member_a, group_a):
    client = client_for(member_a)
    assert client.get(reverse("communication:meeting_create")).status_code == 403
    data = meeting_fields(
        group=group_a, title="Mit møde", starts_at=timezone.now() + timedelta(days=2)
    )
    assert client.post(reverse("communication:meeting_create"), data).status_code == 403
    assert not Meeting.objects.exists()


def test_meeting_must_end_after_it_starts_and_keeps_the_input(client_for, secretariat, group_a):
    starts = timezone.now() + timedelta(days=3)
    data = meeting_fields(group=group_a, title="Baglæns møde", starts_at=starts)
    data["ends_at"] = (timezone.localtime(starts) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(secretariat).post(reverse("communication:meeting_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_at"] == ["Mødet skal slutte, efter det er begyndt."]
    assert 'value="Baglæns møde"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_needs_a_place_or_a_link(group_a):
    data = meeting_fields(group=group_a, title="Ingen steder", starts_at=timezone.now(), place="")
    form = MeetingForm(data)
    assert not form.is_valid() and "place" in form.errors
    data["online_url"] = "https://moede.example.dk/abc"
    assert MeetingForm(data).is_valid()


def test_date_and_time_fields_work_without_javascript(group_a):
    form = MeetingForm()
    html = str(form["starts_at"])
    assert 'type="datetime-local"' in html
    data = meeting_fields(group=group_a, title="Møde", starts_at=timezone.now())
    data["starts_at"], data["ends_at"] = "10-12-2026 14:00", "10-12-2026 15:30"
    form = MeetingForm(data)
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["ends_at"]).minute == 30


def test_member_never_sees_another_groups_meeting(client_for, member_a, meeting_a, meeting_b):
    client = client_for(member_a)
    listing = client.get(reverse("communication:meeting_list")).content.decode()
    assert "Mentormøde" in listing and "Idrætsmøde" not in listing
    for name in ["meeting_detail", "meeting_ics", "meeting_edit", "meeting_minutes"]:
        url = reverse(f"communication:{name}", args=[meeting_b.pk])
        assert client.get(url).status_code == 404, name
    for name, data in [
        ("meeting_rsvp", {"answer": "yes"}),
        ("meeting_status", {"status": "cancelled"}),
    ]:
        url = reverse(f"communication:{name}", args=[meeting_b.pk])
        assert client.post(url, data).status_code == 404, name
    assert not Rsvp.objects.filter(meeting=meeting_b).exists()
    assert Meeting.objects.get(pk=meeting_b.pk).status == Meeting.Status.PLANNED


def test_member_of_the_group_may_not_change_the_meeting(client_for, member_a, meeting_a):
    client = client_for(member_a)
    assert client.get(reverse("communication:meeting_edit", args=[meeting_a.pk])).status_code == 403
    url = reverse("communication:meeting_status", args=[meeting_a.pk])
    assert client.post(url, {"status": "cancelled"}).status_code == 403


def test_list_shows_answer_counts_and_my_answer_without_a_query_per_row(
    client_for, secretariat, member_a, group_a, meeting_a, django_assert_max_num_queries
):
    from tests.factories import make_user

    others = [make_user() for _ in range(3)]
    group_a.members.add(*others)
    Rsvp.objects.create(meeting=meeting_a, person=member_a, answer=Rsvp.Answer.MAYBE)
    Rsvp.objects.create(meeting=meeting_a, person=others[0], answer=Rsvp.Answer.YES)
    Rsvp.objects.create(meeting=meeting_a, person=others[1], answer=Rsvp.Answer.YES)
    Rsvp.objects.create(meeting=meeting_a, person=others[2], answer=Rsvp.Answer.NO)
    for _ in range(5):
        schedule(group=group_a, by=secretariat)
    client = client_for(member_a)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("communication:meeting_list"))
    row = next(m for m in response.context["upcoming"] if m.pk == meeting_a.pk)
    assert (row.yes_count, row.maybe_count, row.no_count) == (2, 1, 1)
    assert row.my_answer_label == "Måske"


def test_moving_a_meeting_tells_the_group_and_a_new_title_alone_does_not(
    client_for, secretariat, member_a, meeting_a
):
    Notification.objects.all().delete()
    client = client_for(secretariat)
    url = reverse("communication:meeting_edit", args=[meeting_a.pk])
    data = meeting_fields(
        group=meeting_a.group, title="Nyt navn", starts_at=meeting_a.starts_at, version=1
    )
    assert client.post(url, data).status_code == 302
    assert not Notification.objects.exists()
    data = meeting_fields(
        group=meeting_a.group,
        title="Nyt navn",
        starts_at=meeting_a.starts_at + timedelta(days=1),
        version=2,
    )
    assert client.post(url, data).status_code == 302
    told = Notification.objects.get()
    assert told.recipient == member_a and "flyttet" in told.subject
    assert audit.history(meeting_a).filter(action=audit.Action.CHANGED).count() == 2


def test_concurrent_edit_is_refused_and_keeps_the_input(client_for, secretariat, meeting_a):
    client = client_for(secretariat)
    url = reverse("communication:meeting_edit", args=[meeting_a.pk])
    first = meeting_fields(
        group=meeting_a.group, title="Først", starts_at=meeting_a.starts_at, version=1
    )
    second = meeting_fields(
        group=meeting_a.group, title="Anden", starts_at=meeting_a.starts_at, version=1
    )
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in response.content.decode()
    assert 'value="Anden"' in response.content.decode()
    assert Meeting.objects.get(pk=meeting_a.pk).title == "Først"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Meeting.Status.HELD, Meeting.Status.PLANNED),
        (Meeting.Status.HELD, Meeting.Status.CANCELLED),
        (Meeting.Status.CANCELLED, Meeting.Status.HELD),
        (Meeting.Status.PLANNED, Meeting.Status.PLANNED),
    ],
)
def test_status_changes_outside_the_table_are_refused(secretariat, meeting_a, start, target):
    Meeting.objects.filter(pk=meeting_a.pk).update(status=start)
    with pytest.raises(ValidationError):
        set_meeting_status(meeting=meeting_a, status=target, by=secretariat)
    assert Meeting.objects.get(pk=meeting_a.pk).status == start


def test_the_table_allows_holding_cancelling_and_planning_again():
    S = Meeting.Status
    assert set(MEETING_TRANSITIONS) == {S.PLANNED, S.CANCELLED}
    assert set(MEETING_TRANSITIONS[S.PLANNED]) == {S.HELD, S.CANCELLED}
    assert set(MEETING_TRANSITIONS[S.CANCELLED]) == {S.PLANNED}


def test_only_the_secretariat_changes_a_status(member_a, meeting_a):
    with pytest.raises(PermissionDenied):
        set_meeting_status(meeting=meeting_a, status=Meeting.Status.CANCELLED, by=member_a)


def test_cancelling_tells_the_group_and_shows_on_the_page(
    client_for, secretariat, member_a, meeting_a
):
    Notification.objects.all().delete()
    client = client_for(secretariat)
    url = reverse("communication:meeting_status", args=[meeting_a.pk])
    assert client.post(url, {"status": "cancelled"}).status_code == 302
    meeting = Meeting.objects.get(pk=meeting_a.pk)
    assert meeting.status == Meeting.Status.CANCELLED and meeting.version == 2
    assert "aflyst" in Notification.objects.get(recipient=member_a).subject
    page = client_for(member_a).get(_detail(meeting)).content.decode()
    assert "Mødet er aflyst." in page
    assert audit.history(meeting).filter(action=audit.Action.STATUS).exists()


def test_a_refused_status_change_says_so(client_for, secretariat, meeting_a):
    Meeting.objects.filter(pk=meeting_a.pk).update(status=Meeting.Status.HELD)
    client = client_for(secretariat)
    url = reverse("communication:meeting_status", args=[meeting_a.pk])
    response = client.post(url, {"status": "cancelled"}, follow=True)
    assert "Status kan ikke ændres fra Afholdt til Aflyst." in response.content.decode()
    assert Meeting.objects.get(pk=meeting_a.pk).status == Meeting.Status.HELD


def test_html_in_title_agenda_and_place_is_shown_as_text(
    client_for, secretariat, member_a, group_a
):
    meeting = schedule(
        group=group_a,
        by=secretariat,
        title=f"Møde {XSS}",
        place=f"Lokale {XSS}",
        agenda=f"# Punkter\n\n{XSS}\n\n[klik](javascript:alert(1))",
    )
    for user in (member_a, secretariat):
        client = client_for(user)
        for url in (_detail(meeting), reverse("communication:meeting_list")):
            page = client.get(url).content.decode()
            assert "<script>alert" not in page and "<img src=x" not in page
            assert 'href="javascript' not in page
    page = client_for(member_a).get(_detail(meeting)).content.decode()
    assert "&lt;script&gt;" in page and "<h1>Møde &lt;script&gt;" in page


def test_history_records_only_what_changed(client_for, secretariat, meeting_a):
    url = reverse("communication:meeting_edit", args=[meeting_a.pk])
    data = meeting_fields(
        group=meeting_a.group, title="Nyt navn", starts_at=meeting_a.starts_at, version=1
    )
    client_for(secretariat).post(url, data)
    event = audit.history(meeting_a).filter(action=audit.Action.CHANGED).get()
    assert event.changes == {"title": ["Mentormøde", "Nyt navn"]}

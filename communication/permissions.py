"""
Who may post, comment, hide and run meetings. Reading is decided by
Message.objects.visible_to and Meeting.objects.visible_to; these rules decide
what a reader may do there. Views, services and templates use the same ones.
"""

from django.utils import timezone

from communication.models import Audience, Meeting
from members.models import WorkingGroup
from members.permissions import is_secretariat


def postable_groups(user):
    """The groups a person may post to: every group for the secretariat, else their own."""
    if is_secretariat(user):
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(members=user)


def postable_audiences(user):
    """The audiences a person may write for: the public only through the secretariat."""
    if is_secretariat(user):
        return [Audience.PUBLIC, Audience.ALLIANCE, Audience.GROUP]
    return [Audience.ALLIANCE, Audience.GROUP]


def can_post(user):
    return user.is_authenticated and (is_secretariat(user) or user.organisation_id is not None)


def can_post_to(user, audience, group=None):
    if not can_post(user) or audience not in postable_audiences(user):
        return False
    if audience == Audience.GROUP:
        return group is not None and postable_groups(user).filter(pk=group.pk).exists()
    return True


def can_edit_message(user, message):
    return user.is_authenticated and (is_secretariat(user) or message.author_id == user.pk)


def can_comment(user, message):
    """Every signed-in reader of a published message may comment on it."""
    return user.is_authenticated and message.is_published


def can_hide_comment(user, comment):
    """The message's author and the secretariat keep a thread in order."""
    return user.is_authenticated and (is_secretariat(user) or comment.message.author_id == user.pk)


def can_manage_meetings(user):
    """Scheduling, changing, cancelling meetings and writing minutes: the secretariat."""
    return is_secretariat(user)


def is_invited(user, meeting):
    """Members of the meeting's group are invited and answer for themselves."""
    return user.is_authenticated and meeting.group.members.filter(pk=user.pk).exists()


def can_rsvp(user, meeting):
    """An invited person answers until the meeting ends, unless it is cancelled."""
    return (
        meeting.status == Meeting.Status.PLANNED
        and meeting.ends_at > timezone.now()
        and is_invited(user, meeting)
    )

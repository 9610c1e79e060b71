"""Page-table entries for a person's mail choices and unsubscribing from a mail's link;
tests/pagelist.py takes them in."""

from alliance.models import Notification, NotificationSetting
from alliance.notifications import unsubscribe_token
from tests.pagelist import Get, Page, Post, everyone, signed_in

KIND = Notification.Kind.MESSAGE_POSTED


def _every_choice(w):
    return sorted(NotificationSetting.objects.values_list("user_id", "kind", "delivery"))


def _never_for_everything(w):
    return {kind.value: Notification.Delivery.NEVER for kind in Notification.Kind}


PAGES = {
    "notification_settings": Page(
        get=Get(signed_in(200), queries=5, personal=True),
        post=Post(signed_in(302), data=_never_for_everything, state=_every_choice),
    ),
    "unsubscribe": Page(
        kwargs=lambda w: {"token": unsubscribe_token(w.member_a, KIND)},
        get=Get(everyone(200), queries=3),
        post=Post(everyone(200), data=lambda w: {}, state=_every_choice),
    ),
}

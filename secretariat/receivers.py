"""
The secretariat listening to the apps below it, which may not import it.

Connected in SecretariatConfig.ready(); the work itself is done by the services.
"""

from communication.signals import action_item_saved
from secretariat.services.tasks import task_from_action_item


def keep_task_for_action_item(sender, *, item, by, **kwargs):
    """An action item recorded in a meeting's minutes is a task on the board."""
    task_from_action_item(item=item, by=by)


def connect():
    action_item_saved.connect(keep_task_for_action_item, dispatch_uid="secretariat_action_item")

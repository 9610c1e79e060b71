"""
What communication tells the apps above it, which it may not import.

action_item_saved is sent inside record_minutes's transaction for every open
action item it adds or changes, with `item`, `created` and `by` (the person
recording the minutes). The secretariat's task board listens and keeps a task
for each item.
"""

import django.dispatch

action_item_saved = django.dispatch.Signal()

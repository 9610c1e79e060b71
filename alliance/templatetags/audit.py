"""{% history_for object %}: an object's audit trail, shown to the secretariat only."""

from django import template
from django.contrib.contenttypes.models import ContentType

from alliance import audit

register = template.Library()

SHOWN = 20


@register.inclusion_tag("alliance/_history.html", takes_context=True)
def history_for(context, obj):
    if not getattr(context["request"].user, "is_secretariat", False):
        return {"shown": False}
    events = list(audit.history(obj).select_related("content_type")[: SHOWN + 1])
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "shown": True,
        "events": [(event, audit.rows(event)) for event in events[:SHOWN]],
        "more": len(events) > SHOWN,
        "object_key": f"{content_type.pk}-{obj.pk}",
    }

"""The large alliance that `manage.py seed_large` adds to the demo, for measuring."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from alliance.models import AuditEvent
from initiatives.models import Commitment, Initiative
from measurement.models import Report
from members.models import Organisation
from secretariat.models import Task
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

# A twentieth of the full size: every part is made, in a second.
SCALE = "0.05"


def _seed_large():
    out = io.StringIO()
    call_command("seed_large", "--scale", SCALE, stdout=out)
    return out.getvalue()


def _counts():
    models = [Organisation, Initiative, Commitment, Volunteer, Report, Task, AuditEvent]
    return {model.__name__: model.objects.count() for model in models}


def test_it_needs_the_demo_first():
    with pytest.raises(CommandError, match="seed_demo"):
        _seed_large()


def test_it_adds_every_kind_of_record_through_the_services_and_mails_no_one():
    call_command("seed_demo", stdout=io.StringIO())
    before = _counts()

    assert "Large alliance ready" in _seed_large()

    after = _counts()
    assert after["Organisation"] - before["Organisation"] == 15
    assert after["Initiative"] - before["Initiative"] == 3
    assert after["Commitment"] > before["Commitment"]
    assert after["Volunteer"] - before["Volunteer"] == 50
    assert after["Report"] > before["Report"]
    assert after["Task"] - before["Task"] == 20
    # Made as a person would make them: every record left its history.
    assert after["AuditEvent"] - before["AuditEvent"] > 100
    assert Task.objects.filter(title="Opgave 1").get().status in Task.Status.values
    assert not DBTaskResult.objects.exists()


def test_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    _seed_large()
    once = _counts()

    _seed_large()

    assert _counts() == once

"""Plain functions that make test data with sensible defaults."""

import itertools

from members.models import Organisation, User, WorkingGroup

_numbers = itertools.count(1)


def make_organisation(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Organisation {number}")
    fields.setdefault("sector", "civilsamfund")
    return Organisation.objects.create(**fields)


def make_user(*, password=None, **fields):
    number = next(_numbers)
    fields.setdefault("email", f"person{number}@test.dk")
    fields.setdefault("full_name", f"Person {number}")
    if fields.get("role", "member") == "member" and "organisation" not in fields:
        fields["organisation"] = make_organisation()
    return User.objects.create_user(password=password, **fields)


def make_group(*, members=(), **fields):
    number = next(_numbers)
    fields.setdefault("name", f"Arbejdsgruppe {number}")
    group = WorkingGroup.objects.create(**fields)
    group.members.set(members)
    return group

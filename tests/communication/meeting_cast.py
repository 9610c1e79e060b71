"""Two groups and their meetings for the tests: member A is in one, member B in the other."""

import pytest

from tests.communication.factories import schedule
from tests.factories import make_group


@pytest.fixture
def group_a(member_a):
    return make_group(name="Arbejdsgruppe om mentorer", members=[member_a])


@pytest.fixture
def group_b(member_b):
    return make_group(name="Arbejdsgruppe om idræt", members=[member_b])


@pytest.fixture
def meeting_a(group_a, secretariat):
    return schedule(group=group_a, by=secretariat, title="Mentormøde")


@pytest.fixture
def meeting_b(group_b, secretariat):
    return schedule(group=group_b, by=secretariat, title="Idrætsmøde")

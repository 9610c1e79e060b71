"""Page-table entries for the volunteers' deeper workflows; tests/pagelist.py takes them in."""

from tests.factories import make_volunteer
from tests.pagelist import (
    Get,
    Page,
    Post,
    _fresh,
    _mails,
    _volunteer,
    _volunteer_interests,
    everyone,
    form_data,
    own_organisation_only,
    secretariat_only,
)
from volunteers.forms import VolunteerDataForm


def _matching_volunteers(w, n):
    """n more volunteers interested in the world's initiative, with a skill that fits it."""
    for _ in range(n):
        volunteer = make_volunteer(skills=w.initiative.name, availability=["evenings"])
        volunteer.interests.add(w.initiative)


PAGES = {
    "volunteers:new_link": Page(
        get=Get(everyone(200), queries=2),
        post=Post(everyone(200), data=lambda w: {"email": w.volunteer.email}, state=_mails),
    ),
    "volunteers:matches": Page(get=Get(secretariat_only(200), queries=4)),
    "volunteers:matches_for": Page(
        kwargs=lambda w: {"slug": w.initiative.slug},
        get=Get(secretariat_only(200), queries=6, rows=_matching_volunteers, personal=True),
    ),
    "volunteers:edit": Page(
        kwargs=_volunteer,
        get=Get(own_organisation_only(200), queries=5, rows=_volunteer_interests, personal=True),
        post=Post(
            own_organisation_only(302),
            data=lambda w: form_data(
                VolunteerDataForm(instance=w.volunteer), first_name="Frederikke"
            ),
            state=lambda w: _fresh(w.volunteer, "first_name"),
        ),
    ),
    "volunteers:bulk": Page(
        post=Post(
            secretariat_only(302),
            data=lambda w: {
                "volunteers": [w.volunteer.pk],
                "action": "status",
                "status": "contacted",
            },
            state=lambda w: _fresh(w.volunteer, "status"),
        ),
    ),
}

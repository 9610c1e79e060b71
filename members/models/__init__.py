"""People and organisations: users, member organisations, groups, invitations, volunteers."""

from members.models.people import (
    Invitation,
    Organisation,
    Sector,
    User,
    UserManager,
    WorkingGroup,
)
from members.models.volunteers import (
    CONSENT_TEXTS,
    Availability,
    Consent,
    ConsentPurpose,
    Volunteer,
    VolunteerNote,
)

__all__ = [
    "CONSENT_TEXTS",
    "Availability",
    "Consent",
    "ConsentPurpose",
    "Volunteer",
    "VolunteerNote",
    "Invitation",
    "Organisation",
    "Sector",
    "User",
    "UserManager",  # the migrations name it here
    "WorkingGroup",
]

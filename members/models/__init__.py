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
    LinkPurpose,
    PendingVolunteerChange,
    Volunteer,
    VolunteerLink,
    VolunteerNote,
)

__all__ = [
    "CONSENT_TEXTS",
    "Availability",
    "Consent",
    "ConsentPurpose",
    "LinkPurpose",
    "PendingVolunteerChange",
    "Volunteer",
    "VolunteerLink",
    "VolunteerNote",
    "Invitation",
    "Organisation",
    "Sector",
    "User",
    "UserManager",  # the migrations name it here
    "WorkingGroup",
]

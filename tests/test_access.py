"""
Who gets what, for every URL the portal has.

ACCESS lists each URL name with the request to make and the answer each role
gets. The completeness test walks the URL resolver and fails for any pattern
without an entry, so no view ships without a rule.
"""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agenda.models import AgendaComment
from agenda.services import start_draft
from members.models import Invitation
from tests.factories import make_agenda, make_commitment, make_group, make_initiative
from volunteers.models import PendingVolunteerChange, Volunteer
from volunteers.services import volunteer_token

ANON, MEMBER_A, MEMBER_B, SECRETARIAT, SUPERUSER = (
    "anonymous",
    "member_a",
    "member_b",
    "secretariat",
    "superuser",
)
ROLES = [ANON, MEMBER_A, MEMBER_B, SECRETARIAT, SUPERUSER]
LOGIN = "members:login"  # a redirect to the log-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's log-in page


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status):
    return {ANON: LOGIN, MEMBER_A: status, MEMBER_B: status, SECRETARIAT: status, SUPERUSER: status}


def secretariat_only(status):
    return {ANON: LOGIN, MEMBER_A: 403, MEMBER_B: 403, SECRETARIAT: status, SUPERUSER: status}


def own_organisation_only(status):
    """Organisation A's edit pages: A's members lack the role, B may not know it exists."""
    return {ANON: LOGIN, MEMBER_A: 403, MEMBER_B: 404, SECRETARIAT: status, SUPERUSER: status}


# name: (method, kwargs from the world fixture, expected answer per role)
ACCESS = {
    "pages:home": ("get", None, everyone(200)),
    "pages:about": ("get", None, everyone(200)),
    "pages:contact": ("get", None, everyone(200)),
    "pages:privacy": ("get", None, everyone(200)),
    "pages:accessibility": ("get", None, everyone(200)),
    "agenda:detail": ("get", None, signed_in(200)),
    "agenda:history": ("get", None, signed_in(200)),
    "agenda:version": ("get", lambda w: {"number": w["adopted"].number}, signed_in(200)),
    "agenda:draft": ("get", None, signed_in(200)),
    "agenda:draft_start": ("post", None, secretariat_only(302)),
    "agenda:draft_edit": ("get", None, secretariat_only(200)),
    "agenda:draft_adopt": ("post", None, secretariat_only(302)),
    "agenda:comment_add": ("post", None, signed_in(302)),
    "agenda:comment_hide": ("post", lambda w: {"pk": w["comment"].pk}, secretariat_only(302)),
    # Endorsing is for members on behalf of their organisation.
    "agenda:endorse": (
        "post",
        None,
        {ANON: LOGIN, MEMBER_A: 302, MEMBER_B: 302, SECRETARIAT: 403, SUPERUSER: 403},
    ),
    "agenda:remind": ("post", None, secretariat_only(302)),
    "initiatives:public_list": ("get", None, everyone(200)),
    "initiatives:public_detail": ("get", lambda w: {"slug": w["initiative"].slug}, everyone(200)),
    "initiatives:initiative_list": ("get", None, signed_in(200)),
    "initiatives:initiative_create": ("get", None, secretariat_only(200)),
    "initiatives:initiative_detail": (
        "get",
        lambda w: {"slug": w["initiative"].slug},
        signed_in(200),
    ),
    "initiatives:initiative_edit": (
        "get",
        lambda w: {"slug": w["initiative"].slug},
        secretariat_only(200),
    ),
    "initiatives:commitment_create": (
        "get",
        lambda w: {"slug": w["initiative"].slug},
        signed_in(200),
    ),
    "initiatives:commitment_detail": (
        "get",
        lambda w: {"pk": w["commitment_a"].pk},
        signed_in(200),
    ),
    # Organisation A's commitment: B's members may not learn it can be edited.
    "initiatives:commitment_edit": (
        "get",
        lambda w: {"pk": w["commitment_a"].pk},
        {ANON: LOGIN, MEMBER_A: 200, MEMBER_B: 404, SECRETARIAT: 200, SUPERUSER: 200},
    ),
    "initiatives:commitment_update": (
        "get",
        lambda w: {"pk": w["commitment_a"].pk},
        {ANON: LOGIN, MEMBER_A: 200, MEMBER_B: 404, SECRETARIAT: 200, SUPERUSER: 200},
    ),
    "initiatives:commitment_export": ("get", None, secretariat_only(200)),
    # Only people who belong to an organisation have one to look after.
    "initiatives:my_organisation": (
        "get",
        None,
        {ANON: LOGIN, MEMBER_A: 200, MEMBER_B: 200, SECRETARIAT: 403, SUPERUSER: 403},
    ),
    "volunteers:signup": ("get", None, everyone(200)),
    "volunteers:thanks": ("get", None, everyone(200)),
    "volunteers:confirm": (
        "get",
        lambda w: {"token": w["volunteer_token"]("confirm")},
        everyone(200),
    ),
    "volunteers:my_data": ("get", lambda w: {"token": w["volunteer_token"]("data")}, everyone(200)),
    "volunteers:my_data_json": (
        "get",
        lambda w: {"token": w["volunteer_token"]("data")},
        everyone(200),
    ),
    "volunteers:stay": ("get", lambda w: {"token": w["volunteer_token"]("stay")}, everyone(200)),
    "volunteers:delete": (
        "get",
        lambda w: {"token": w["volunteer_token"]("delete")},
        everyone(200),
    ),
    "volunteers:change": ("get", lambda w: {"token": w["volunteer_change_token"]()}, everyone(200)),
    "volunteers:list": ("get", None, signed_in(200)),
    "volunteers:export": ("get", None, secretariat_only(200)),
    # A volunteer working in organisation A's initiative: A's members see the
    # name in the list but not these pages; B's may not learn the volunteer exists.
    "volunteers:detail": ("get", lambda w: {"pk": w["volunteer"].pk}, own_organisation_only(200)),
    "volunteers:certificate": (
        "post",
        lambda w: {"pk": w["volunteer"].pk},
        own_organisation_only(200),
    ),
    "volunteers:note": ("post", lambda w: {"pk": w["volunteer"].pk}, own_organisation_only(200)),
    "volunteers:anonymise": (
        "post",
        lambda w: {"pk": w["volunteer"].pk},
        own_organisation_only(302),
    ),
    "volunteers:resend": ("post", lambda w: {"pk": w["volunteer"].pk}, own_organisation_only(302)),
    "initiatives:cross_sector": ("get", None, signed_in(200)),
    "initiatives:network": ("get", None, signed_in(200)),
    "pages:healthz": ("get", None, everyone(200)),
    "members:login": ("get", None, everyone(200)),
    "members:logout": ("post", None, everyone(302)),
    "set_language": ("post", None, everyone(302)),
    "members:password_change": ("get", None, signed_in(200)),
    "members:password_change_done": ("get", None, signed_in(200)),
    "members:password_reset": ("get", None, everyone(200)),
    "members:password_reset_done": ("get", None, everyone(200)),
    "members:password_reset_confirm": (
        "get",
        lambda w: {"uidb64": "MQ", "token": "ugyldig-noegle"},
        everyone(200),
    ),
    "members:password_reset_complete": ("get", None, everyone(200)),
    "members:organisation_list": ("get", None, signed_in(200)),
    "members:organisation_create": ("get", None, secretariat_only(200)),
    "members:organisation_detail": ("get", lambda w: {"pk": w["org_a"].pk}, signed_in(200)),
    "members:organisation_edit": (
        "get",
        lambda w: {"pk": w["org_a"].pk},
        own_organisation_only(200),
    ),
    "members:organisation_set_active": (
        "post",
        lambda w: {"pk": w["org_a"].pk},
        own_organisation_only(302),
    ),
    "members:group_list": ("get", None, signed_in(200)),
    "members:group_create": ("get", None, secretariat_only(200)),
    "members:group_detail": ("get", lambda w: {"pk": w["group"].pk}, signed_in(200)),
    "members:group_edit": ("get", lambda w: {"pk": w["group"].pk}, secretariat_only(200)),
    "members:group_member_add": ("post", lambda w: {"pk": w["group"].pk}, secretariat_only(302)),
    "members:group_member_remove": (
        "post",
        lambda w: {"pk": w["group"].pk, "user_pk": w["member_a"].pk},
        secretariat_only(302),
    ),
    "members:profile": ("get", None, signed_in(200)),
    "members:user_list": ("get", None, secretariat_only(200)),
    "members:user_invite": ("get", None, secretariat_only(200)),
    "members:user_edit": ("get", lambda w: {"pk": w["member_a"].pk}, secretariat_only(200)),
    "members:user_set_active": (
        "post",
        lambda w: {"pk": w["member_a"].pk},
        secretariat_only(302),
    ),
    "members:user_reinvite": ("post", lambda w: {"pk": w["invited"].pk}, secretariat_only(302)),
    "members:invitation_accept": ("get", lambda w: {"token": w["token"]}, everyone(200)),
}

# The admin guards itself (staff only); its index and every model's list and
# add page are checked, and the rest of its URLs share the same guard.
ADMIN_ACCESS = {ANON: ADMIN_LOGIN, MEMBER_A: ADMIN_LOGIN, MEMBER_B: ADMIN_LOGIN}
ADMIN_ACCESS |= {SECRETARIAT: ADMIN_LOGIN, SUPERUSER: 200}


def _admin_names():
    """The admin's index, every model's list, and the add page where adding is allowed."""
    superuser = SimpleNamespace(user=SimpleNamespace(has_perm=lambda perm: True))
    names = ["admin:index"]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        names.append(f"{prefix}_changelist")
        if model_admin.has_add_permission(superuser):
            names.append(f"{prefix}_add")
    return names


def _pattern_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (
                f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern}>"
            )


def test_every_url_pattern_has_an_access_rule():
    names = set(_pattern_names(get_resolver().url_patterns))
    missing = {n for n in names if not n.startswith("admin:")} - set(ACCESS)
    assert not missing, f"URL patterns without an entry in ACCESS: {sorted(missing)}"
    assert not set(ACCESS) - names, "ACCESS names URLs that no longer exist"


@pytest.fixture
def world(organisation_a, member_a, member_b, secretariat, superuser):
    from tests.factories import make_user

    invited = make_user(email="inviteret@test.dk", organisation=organisation_a)
    invited.set_unusable_password()
    invited.save()
    _, token = Invitation.issue(user=invited, invited_by=secretariat)
    adopted = make_agenda(goals=["Flere unge i job"], adopt=True, by=secretariat)
    draft = start_draft(by=secretariat)
    initiative = make_initiative(lead=organisation_a, goals=adopted.goals.all(), is_public=True)
    volunteer = Volunteer.objects.create(
        first_name="Frida",
        last_name="Frivillig",
        email="frida@test.dk",
        assigned_initiative=initiative,
    )
    return {
        "volunteer": volunteer,
        "volunteer_token": lambda purpose: volunteer_token(volunteer, purpose),
        "volunteer_change_token": lambda: PendingVolunteerChange.issue(
            volunteer=volunteer, data={}, consents=[]
        )[1],
        "initiative": initiative,
        "commitment_a": make_commitment(initiative=initiative, organisation=organisation_a),
        "adopted": adopted,
        "comment": AgendaComment.objects.create(agenda=draft, author=member_a, body="Godt"),
        "org_a": organisation_a,
        "group": make_group(members=[member_a, member_b]),
        "member_a": member_a,
        "invited": invited,
        "token": token,
        "users": {
            ANON: None,
            MEMBER_A: member_a,
            MEMBER_B: member_b,
            SECRETARIAT: secretariat,
            SUPERUSER: superuser,
        },
    }


def _check(client, world, role, method, url, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {method} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("members:login")), response["Location"]
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, f"{role} {method} {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("admin:login")), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{role} {method.upper()} {url}: expected {expected}, got {response.status_code}"
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_access(client, world, name, role):
    method, kwargs, expected = ACCESS[name]
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    _check(client, world, role, method, url, expected[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", _admin_names())
def test_admin_access(client, world, name, role):
    _check(client, world, role, "get", reverse(name), ADMIN_ACCESS[role])

"""Who may do what with indicators and reports."""

from alliance.transitions import MEMBER, SECRETARIAT
from measurement.models import Indicator, Report
from members.models import User
from members.permissions import is_secretariat


def _member_of_an_organisation(user):
    return (
        user is not None
        and user.is_authenticated
        and user.role == User.Role.MEMBER
        and user.organisation_id is not None
    )


def can_edit_indicator(user):
    """The secretariat defines indicators, forecasts and the stories behind the curves."""
    return user is not None and is_secretariat(user)


def can_review(user):
    return user is not None and is_secretariat(user)


def can_report(user):
    """Whether a person reports for an organisation at all."""
    return _member_of_an_organisation(user)


def indicators_to_report(user):
    """The indicators a member's organisation is responsible for."""
    if not can_report(user):
        return Indicator.objects.none()
    return Indicator.objects.filter(responsible=user.organisation_id)


def reports_in_reach(user):
    """Reports a person may open: the secretariat all, a member their organisation's."""
    if is_secretariat(user):
        return Report.objects.all()
    if can_report(user):
        return Report.objects.filter(organisation_id=user.organisation_id)
    return Report.objects.none()


def report_role(user, report):
    """The role a person acts in on a report's status table; None: no role at all."""
    if user is None:
        return None
    if is_secretariat(user):
        return SECRETARIAT
    if can_report(user) and user.organisation_id == report.organisation_id:
        return MEMBER
    return None

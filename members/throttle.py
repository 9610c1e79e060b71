"""
How often log-in and password reset may be tried, per account and per address.

Checking a password costs about a second of CPU, so a refused log-in is
refused before any password is checked. Accounts are counted by the e-mail as
typed (trimmed, in lower case) whether or not a user has it, so the answers
tell nobody which addresses have an account. The numbers are settings.
"""

import logging

from django.conf import settings

from alliance import ratelimit
from alliance.client_ip import client_ip

logger = logging.getLogger(__name__)

HOUR = 60 * 60


def _account(email):
    return (email or "").strip().lower()


def _login_window():
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _account_limit():
    return {"limit": settings.LOGIN_FAILURES_PER_ACCOUNT, "window": _login_window()}


def _address_limit():
    return {"limit": settings.LOGIN_FAILURES_PER_IP, "window": _login_window()}


class LoginRefused(Exception):
    """Too many failed log-ins; `until` says when to try again, `account` why."""

    def __init__(self, *, until, account):
        super().__init__(until)
        self.until = until
        self.account = account


def begin_login(request, email):
    """Count a log-in attempt for the account; raise LoginRefused when it may not go ahead.

    The attempt counts before the password is checked, so requests sent in
    parallel cannot get past the limit together; a successful log-in clears
    the count again (`unlock_account`).
    """
    if ratelimit.is_limited("login-ip", client_ip(request), **_address_limit()):
        logger.warning("Log-in refused: too many failures from %s", client_ip(request))
        raise LoginRefused(until=ratelimit.window_ends(_login_window()), account=False)
    if not ratelimit.hit("login-account", _account(email), **_account_limit()):
        logger.warning("Log-in refused: too many failures for one account")
        raise LoginRefused(until=ratelimit.window_ends(_login_window()), account=True)


def login_failed(request):
    ratelimit.hit("login-ip", client_ip(request), **_address_limit())


def unlock_account(email):
    """Forget the account's failed log-ins: after a successful log-in or a password reset."""
    ratelimit.reset("login-account", _account(email), **_account_limit())


def may_send_password_reset(request, email):
    """Count a password reset request; False when no more mail may go to the address now."""
    if request is not None:
        address = client_ip(request)
        per_address = settings.PASSWORD_RESETS_PER_IP_PER_HOUR
        if not ratelimit.hit("reset-ip", address, limit=per_address, window=HOUR):
            logger.warning("Password reset mail not sent: too many requests from %s", address)
            return False
    per_email = settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR
    if not ratelimit.hit("reset-email", _account(email), limit=per_email, window=HOUR):
        logger.warning("Password reset mail not sent: too many requests for one address")
        return False
    return True

"""
The portal's settings, adjusted for the test suite.

Everything comes from alliance/settings.py; this only supplies a throwaway
secret key and swaps what would make tests slow or need collectstatic.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
# Playwright's sync API runs an event loop in the test thread, while the
# live server and the ORM calls in tests stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from alliance.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest storage needs collectstatic first; tests use the files as they are.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise otherwise reads every file under STATIC_ROOT (there once collectstatic has
# run, as in CI) each time a test client starts: some 25 ms for every test with a client.
# Looking a file up when it is asked for serves the same files.
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tests submit the volunteer form at machine speed; one test checks the rule itself.
VOLUNTEER_MIN_FILL_SECONDS = 0

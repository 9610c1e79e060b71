"""
Opaque link tokens for e-mailed links: random, carried only by the link, stored only hashed.

A token says nothing about whom or what it opens; the database row found by
its hash does. A copy of the database therefore holds no working link, and
a link in a log or a forwarded mail reveals no address.
"""

import hashlib
import secrets


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)

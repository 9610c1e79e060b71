"""Page-table entries for the secretariat home page; tests/pagelist.py takes them in."""

PAGES = {}


def extend_world(w):
    """What these pages need in the shared world beyond the common part."""

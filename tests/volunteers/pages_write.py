"""Page-table entry for the secretariat's e-mail to a volunteer; tests/pagelist.py takes it in."""

from tests.pagelist import (
    Get,
    Page,
    Post,
    _mails,
    _volunteer,
    _volunteer_notes,
    own_organisation_only,
)


def _mails_and_notes(w):
    """The mails sent and the notes on the volunteer: a sent mail adds one of each."""
    return _mails(w), w.volunteer.notes.count()


# The world's volunteer works in organisation A's initiative: A's members may not
# open the volunteer's pages (403), B's may not learn the volunteer exists (404).
PAGES = {
    "volunteers:write": Page(
        kwargs=_volunteer,
        get=Get(own_organisation_only(200), queries=5, rows=_volunteer_notes, personal=True),
        post=Post(
            own_organisation_only(302),
            data=lambda w: {
                "subject": "Møde om lektiecaféen",
                "body": "Hej Frida\n\nKan du komme til et møde tirsdag kl. 16?",
            },
            state=_mails_and_notes,
        ),
    ),
}

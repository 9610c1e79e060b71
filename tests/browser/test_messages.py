"""Messages as people use them: a post to a working group, a reply, and a closed door."""

from django.urls import reverse
from playwright.sync_api import expect

from communication.models import Comment, Message
from tests.browser.flows import follow, visit
from tests.factories import make_group, make_user

LIST = reverse("communication:message_list")


def test_a_group_talks_among_itself_and_an_outsider_sees_nothing(page, sign_in, member_a, member_b):
    colleague = make_user(full_name="Carl Kollega", organisation=member_a.organisation)
    group = make_group(name="Arbejdsgruppe om mentorer", members=[member_a, colleague])

    # Member A writes to the working group.
    sign_in(member_a)
    visit(page, LIST)
    follow(page, page.get_by_role("link", name="Skriv et opslag"))
    page.get_by_label("Overskrift").fill("Lokaler til mentormøderne")
    page.get_by_label("Tekst").fill("Vi mangler **to** lokaler i marts.")
    page.get_by_label("Én gruppe").check()
    page.get_by_label("Gruppe", exact=True).select_option(label="Arbejdsgruppe om mentorer")
    follow(page, page.get_by_role("button", name="Offentliggør"))
    expect(page.get_by_role("status")).to_contain_text("Opslaget er offentliggjort.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokaler til mentormøderne")
    expect(page.locator("strong", has_text="to")).to_be_visible()
    message = Message.objects.get()
    assert message.group == group

    # Another member of the group finds it and answers.
    page.context.clear_cookies()
    sign_in(colleague)
    visit(page, LIST)
    follow(page, page.get_by_role("link", name="Lokaler til mentormøderne"))
    page.get_by_role("textbox", name="Kommentar").fill("Biblioteket har et lokale om tirsdagen.")
    follow(page, page.get_by_role("button", name="Tilføj kommentar"))
    expect(page.get_by_role("status")).to_contain_text("Din kommentar er tilføjet.")
    comments = page.get_by_role("region", name="Kommentarer")
    expect(comments).to_contain_text("Biblioteket har et lokale om tirsdagen.")
    expect(comments).to_contain_text("Carl Kollega")
    assert Comment.objects.get().author == colleague

    # Member B is in no such group: the message is not listed and its address is unknown.
    page.context.clear_cookies()
    sign_in(member_b)
    visit(page, LIST)
    expect(page.get_by_role("link", name="Lokaler til mentormøderne")).to_have_count(0)
    response = visit(page, message.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_text("Lokaler til mentormøderne")).to_have_count(0)


def test_the_author_hides_a_comment_and_the_thread_says_so(page, sign_in, member_a):
    colleague = make_user(full_name="Carl Kollega", organisation=member_a.organisation)
    group = make_group(members=[member_a, colleague])
    message = Message.objects.create(
        title="Mentorer: næste skridt",
        body="Hvem tager første møde?",
        audience="group",
        group=group,
        author=member_a,
    )
    Comment.objects.create(message=message, author=colleague, body="Køb billige ure her")

    sign_in(member_a)
    visit(page, message.get_absolute_url())
    follow(page, page.get_by_role("button", name="Skjul kommentaren"))
    comments = page.get_by_role("region", name="Kommentarer")
    expect(comments).to_contain_text("Kommentaren er skjult.")
    expect(comments).not_to_contain_text("Køb billige ure her")
    expect(comments).to_contain_text("skjult af Anna A")

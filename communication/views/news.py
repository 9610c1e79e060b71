"""Public news: the published public messages, as pages and as an Atom feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from alliance.markdown import render_markdown
from alliance.paging import paginate
from communication.models import Message

NEWS_PER_PAGE = 10
FEED_ITEMS = 20


def _news():
    return Message.objects.public().select_related("author").order_by("-publish_at", "-pk")


def public_author(message):
    """The name shown publicly under a news item: the writer's own name only if they have
    chosen to be shown on the contact page, else the secretariat."""
    if message.author.show_on_contact_page:
        return message.author.full_name
    return _("Sekretariatet")


def news_list(request):
    page, query = paginate(request, _news(), per_page=NEWS_PER_PAGE)
    for item in page.object_list:
        item.byline = public_author(item)
    return render(request, "communication/news_list.html", {"page": page, "query": query})


def news_detail(request, pk):
    item = get_object_or_404(_news(), pk=pk)
    item.byline = public_author(item)
    return render(request, "communication/news_detail.html", {"item": item})


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Nyheder fra %(name)s") % {"name": settings.ALLIANCE_NAME}

    def subtitle(self):
        return self.description()

    def description(self):
        return _("Det seneste nyt fra %(name)s.") % {"name": settings.ALLIANCE_NAME}

    def link(self):
        return reverse("communication:news_list")

    def feed_url(self):
        return reverse("communication:news_feed")

    def items(self):
        return _news()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The same sanitised HTML as the news page; the feed escapes it as Atom's html text.
        return str(render_markdown(item.body))

    def item_link(self, item):
        return reverse("communication:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return public_author(item)

"""One way to paginate a list page: 25 rows unless told, the page number in ?side=."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page, and the rest of the query string for the page links."""
    query = request.GET.copy()
    query.pop("side", None)
    return Paginator(queryset, per_page).get_page(request.GET.get("side")), query.urlencode()

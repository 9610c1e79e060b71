"""The alliance's public face: front page, the method, contact, privacy, accessibility."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from agenda.models import Agenda
from communication.models import Message
from members.models import User
from volunteers import retention

# The five conditions as the alliance words them, with the portal part that
# supports each; a part that does not exist yet is simply not linked.
CONDITIONS = [
    {
        "title": _("Fælles dagsorden"),
        "text": _(
            "Der skal være en fælles retning i initiativet. Det drejer sig blandt andet om fælles "
            "vision, fælles målsætning og fælles forståelse af problemstillingerne."
        ),
        "url_name": "pages:home",
        "anchor": "#vision",
        "link_text": _("Læs vores vision og målsætninger"),
    },
    {
        "title": _("Gensidigt forpligtende aktiviteter"),
        "text": _(
            "Alle aktører forpligter sig til at bidrage aktivt i de indsatser, der sættes i gang. "
            "Og der er fokus på, at aktiviteter sættes i gang på tværs af sektorer."
        ),
        "url_name": "initiatives:public_list",
        "link_text": _("Se indsatserne"),
    },
    {
        "title": _("Fælles målemetode"),
        "text": _(
            "Ud over at der sættes fælles mål for initiativet, skal der skabes en fælles "
            "forståelse af, hvilke målemetoder der skal bruges til at understøtte initiativet, "
            "og som skal ligge til grund for en løbende evaluering."
        ),
        "url_name": "measurement:results",
        "link_text": _("Se resultaterne"),
    },
    {
        "title": _("Hyppig og åben kommunikation"),
        "text": _(
            "Der skal skabes mulighed for hyppig dialog mellem alle aktører i initiativet. Desuden "
            "skal der være en åben kommunikation, som giver alle aktører den nødvendige viden og "
            "indsigt og mulighed for at bidrage med deres viden."
        ),
        "url_name": "communication:news_list",
        "link_text": _("Læs nyhederne"),
        # Linked once there is news to read.
        "needs_news": True,
    },
    {
        "title": _("Fælles sekretariatsfunktion"),
        "text": _(
            "Der er nedsat et sekretariat, som har ansvaret for at understøtte alliancegruppe, "
            "arbejdsgrupper og konkrete indsatser. Sekretariatet sikrer i samarbejde med "
            "alliancegruppen, at der er sammenhæng i indsatserne, og det bistår i arbejdet med "
            "data og måling."
        ),
        "url_name": "pages:contact",
        "link_text": _("Mød sekretariatet"),
    },
]

FURTHER_READING = [
    (_("Collective Impact Forum (på engelsk)"), "https://collectiveimpactforum.org/"),
    (
        _("Tamarack Institute: Collective Impact (på engelsk)"),
        "https://www.tamarackcommunity.ca/collective-impact",
    ),
    (
        _("Stanford Social Innovation Review: Collective Impact (på engelsk)"),
        "https://ssir.org/articles/entry/collective_impact",
    ),
    (
        _("Collective Impact DK på LinkedIn"),
        "https://www.linkedin.com/company/collective-impact-dk/",
    ),
]


def _contacts():
    return User.objects.on_contact_page()


def _url_or_none(name):
    """The address of a page that a later part of the portal may not have yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def home(request):
    agenda = Agenda.objects.adopted()
    goals = agenda.agenda_goals.all() if agenda else []
    return render(
        request,
        "pages/home.html",
        {
            "agenda": agenda,
            "goals": goals,
            "contact": _contacts().first(),
            "volunteer_url": _url_or_none("volunteers:signup"),
            "news": Message.objects.public().order_by("-publish_at", "-pk")[:3],
        },
    )


def about(request):
    conditions = []
    has_news = Message.objects.public().exists()
    for condition in CONDITIONS:
        url = _url_or_none(condition["url_name"])
        if condition.get("needs_news") and not has_news:
            url = None
        conditions.append({**condition, "url": url and url + condition.get("anchor", "")})
    return render(
        request,
        "pages/about.html",
        {"conditions": conditions, "further_reading": FURTHER_READING},
    )


def contact(request):
    return render(
        request,
        "pages/contact.html",
        {"contacts": _contacts(), "volunteer_url": _url_or_none("volunteers:signup")},
    )


def privacy(request):
    # The periods come from the same rules the nightly purge follows.
    return render(
        request,
        "pages/privacy.html",
        {
            "contact": _contacts().first(),
            "retention_rules": retention.RULES,
            "volunteer_link_days": settings.VOLUNTEER_LINK_VALID_DAYS,
            "volunteer_change_days": settings.VOLUNTEER_CHANGE_VALID_DAYS,
        },
    )


def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact": _contacts().first()})


@never_cache
def healthz(request):
    """200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")

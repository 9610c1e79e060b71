"""
The demo alliance's communication: public news (one pinned), a message to the
whole alliance, a message in every group with a few comments (one hidden, as it
named a child), two meetings already held with minutes, decisions and action
items, two coming meetings some have answered, and one cancelled.

Everything goes through the communication forms and services, as a person's
input would. Dates are counted from the day the demo is loaded, so the news
is recent and the coming meetings lie ahead whenever it is loaded.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from communication.forms.meetings import MeetingForm
from communication.forms.messages import MessageForm
from communication.models import Audience, Meeting, Message, Rsvp
from communication.services.meetings import (
    answer_rsvp,
    record_minutes,
    schedule_meeting,
    set_meeting_status,
)
from communication.services.messages import add_comment, hide_comment, post_message
from demo.forms import valid
from members.models import User, WorkingGroup

HANNE = "hah08@helsingor.dk"
ELISABETH = "elisabeth.wessberg@demo.dk"
SUSANNE = "sfo12@helsingor.dk"
DEMO_MEMBER = "medlem@demo.dk"
DEMO_MEMBER_2 = "medlem2@demo.dk"

ALLIANCE_GROUP = "Alliancegruppen"
LEISURE = "Fritid og fællesskaber"
JOBS = "Vejen til uddannelse og job"
WELLBEING = "Trivsel og mental sundhed"

# Public news: title, body, days ago, pinned. Written by the communication consultant.
NEWS = [
    (
        "Vi søger frivillige til lektiecaféen i Vapnagaard",
        "Lektiecaféen i beboerhuset i Vapnagaard har fået så mange elever, at vi mangler "
        "voksne. Har du et par timer **tirsdag eller torsdag eftermiddag**, kan du hjælpe elever "
        "i 4.–9. klasse med dansk, matematik og engelsk.\n\n"
        "Du behøver ikke være lærer – det vigtigste er, at du har lyst til at lytte og "
        "hjælpe. Skriv dig op under *Bliv frivillig*, så ringer vi dig op.",
        2,
        True,
    ),
    (
        "Flere børn og unge går til en fritidsaktivitet",
        "Den seneste måling viser, at 58 % af eleverne på Øresundsskolen nu går til en "
        "fritidsaktivitet. Da alliancen begyndte, var det 50 %.\n\n"
        "Fremgangen skyldes især fritidspasset, hvor Kronborgfonden betaler kontingent og "
        "udstyr, og hvor Kronborg Idrætsforening tager godt imod de nye børn. Kurven og "
        "målemetoden kan du se under *Resultater*.",
        12,
        False,
    ),
    (
        "Lokale virksomheder åbner for fritidsjob",
        "Kronborg Byg & Anlæg og Café Strandvejen har tilsammen haft elleve unge i fritidsjob i "
        "år. Et fritidsjob giver erfaring, selvtillid og en anbefaling, som de unge kan bruge, "
        "når de søger læreplads.\n\n"
        "Vil din virksomhed også være med? Kontakt sekretariatet, så fortæller vi, hvordan "
        "Kystens Erhvervsskole hjælper med at finde den rette unge.",
        30,
        False,
    ),
]

ALLIANCE_MESSAGE = (
    "Tak for et stærkt år i alliancen",
    "Kære alle\n\n"
    "Et år efter, at vi vedtog den fælles dagsorden, har organisationer fra alle sektorer "
    "givet tilsagn til vores indsatser, og vi følger tre fælles mål med de samme "
    "målemetoder.\n\n"
    "**Tre ting vi skal huske i det nye år:**\n\n"
    "1. Opdater jeres tilsagn, når portalen beder om det – så kan alliancegruppen se, hvor det "
    "går godt, og hvor I har brug for hjælp.\n"
    "2. Indberet tallene for jeres indikatorer senest en måned efter kvartalets udløb.\n"
    "3. Svar på mødeindkaldelserne, så vi kan planlægge lokaler og forplejning.\n\n"
    "Venlig hilsen\nHanne Hørlyck, projektleder",
    5,
)

# Group messages: group, author, title, body, days ago, and the comments:
# (author, text, hidden by the message's author).
GROUP_MESSAGES = [
    (
        ALLIANCE_GROUP,
        HANNE,
        "Materiale til næste alliancegruppemøde",
        "Til mødet gennemgår vi kvartalets tal for de tre mål. Læs især kurven for "
        "**ensomhed**, som endnu ikke er knækket, og overvej, hvad jeres organisation kan "
        "bidrage med.\n\nSekretariatet har lagt et udkast til en prioritering af indsatserne "
        "under dagsordenen.",
        4,
        [
            (
                "karen.juul@regionh.demo.dk",
                "Tak. Regionen kan fortælle om erfaringerne fra de nye samtaletilbud.",
                False,
            ),
            (
                "lone.skov@kronborgfonden.demo.dk",
                "Fonden vil gerne drøfte, om fritidspasset kan udvides til de 15–17-årige.",
                False,
            ),
        ],
    ),
    (
        LEISURE,
        DEMO_MEMBER,
        "Prøvetræning for nye børn i januar",
        "Kronborg Idrætsforening holder åbent hus for børn med fritidspas **lørdag i uge 3**. "
        "Vi har brug for frivillige, der kan tage imod ved døren og vise rundt.",
        6,
        [
            (
                "birgit.holm@frivillignordkysten.demo.dk",
                "Frivilligforeningen stiller med tre voksne. Jeg sender navnene.",
                False,
            ),
            (
                # Hidden by the author: it names a child and the family's phone number.
                "jonas.kirk@cafestrandvejen.demo.dk",
                "Jeg kender en dreng i 5.b, Ali, hvis mor gerne vil høre mere. Hun har "
                "nummer 12 34 56 78.",
                True,
            ),
            (
                DEMO_MEMBER_2,
                "Skolen deler invitationen på forældreintra i næste uge.",
                False,
            ),
        ],
    ),
    (
        JOBS,
        "peter.nyborg@kystenserhvervsskole.demo.dk",
        "Virksomhedsdag på erhvervsskolen",
        "Vi inviterer 9. klasserne til virksomhedsdag, hvor de kan møde lokale arbejdspladser. "
        "Har jeres virksomhed lyst til at stå med en stand, så skriv her.",
        9,
        [
            (
                "mette.lund@kronborgbyg.demo.dk",
                "Kronborg Byg & Anlæg kommer gerne og tager en lærling med.",
                False,
            ),
            (
                "ahmad.rahimi@oresundlogistik.demo.dk",
                "Vi deltager også og fortæller om fritidsjob på lageret.",
                False,
            ),
        ],
    ),
    (
        WELLBEING,
        "emil.friis@ungtrivsel.demo.dk",
        "Samtalevenner: første hold er klar",
        "Otte frivillige har gennemført uddannelsen som samtalevenner. Vi åbner for de første "
        "samtaler i februar, når supervisionen med regionen er på plads.",
        3,
        [
            (
                "sara.dahl@sundhedshuset.demo.dk",
                "Flot! Sundhedsplejen vil gerne have en folder, vi kan dele ud.",
                False,
            ),
            (SUSANNE, "Jeg laver en folder og et opslag til skolernes intranet.", False),
        ],
    ),
]

# Meetings already held: group, title, days ago, place, agenda, minutes, decisions,
# action items (text, responsible e-mail, due in days from today).
HELD = [
    (
        ALLIANCE_GROUP,
        "Alliancegruppemøde: status på de fælles mål",
        40,
        "Helsingør Rådhus, mødelokale 1",
        "1. Velkomst og godkendelse af referat\n2. Kvartalets tal for de tre mål\n"
        "3. Status på indsatserne\n4. Eventuelt",
        "Hanne gennemgik kvartalets tal. Andelen af unge i en fritidsaktivitet stiger fortsat, "
        "mens andelen, der ofte føler sig ensomme, stadig vokser.\n\n"
        "Lektiecaféen i Vapnagaard mangler et sted at være, mens beboerhuset renoveres. "
        "Gruppen drøftede, om skolen kan låne lokaler ud.",
        "- Trivsel og mental sundhed får forrang i næste års prioritering.\n"
        "- Sekretariatet undersøger lokaler til lektiecaféen.",
        [
            ("Find lokaler til lektiecaféen under renoveringen", ELISABETH, 14),
            ("Udkast til prioritering af indsatserne for næste år", HANNE, 30),
        ],
    ),
    (
        LEISURE,
        "Arbejdsgruppemøde om fritidspasset",
        14,
        "Kronborg Idrætsforening, klubhuset",
        "1. Erfaringer med fritidspasset\n2. Åbent hus i januar\n3. Eventuelt",
        "Idrætsforeningen har taget imod 23 børn med fritidspas. De fleste er blevet i "
        "foreningen, men transport til udekampe er en hindring for nogle familier.",
        "- Åbent hus for børn med fritidspas holdes i uge 3.\n"
        "- Frivilligforeningen undersøger kørselsordninger til udekampe.",
        [
            ("Plan for åbent hus i uge 3", DEMO_MEMBER, 10),
            ("Afklar kørselsordning til udekampe", "birgit.holm@frivillignordkysten.demo.dk", -2),
        ],
    ),
]

# Coming meetings: group, title, in days, place, online link, agenda, and answers
# (e-mail, answer). Some members have not answered yet.
COMING = [
    (
        ALLIANCE_GROUP,
        "Alliancegruppemøde: prioritering af indsatserne",
        9,
        "Helsingør Rådhus, mødelokale 1",
        "",
        "1. Referat fra sidste møde\n2. Udkast til prioritering af indsatserne\n"
        "3. Fritidspas til 15–17-årige\n4. Eventuelt",
        [
            (HANNE, Rsvp.Answer.YES),
            (DEMO_MEMBER_2, Rsvp.Answer.YES),
            ("karen.juul@regionh.demo.dk", Rsvp.Answer.MAYBE),
            ("lone.skov@kronborgfonden.demo.dk", Rsvp.Answer.NO),
        ],
    ),
    (
        LEISURE,
        "Arbejdsgruppemøde: klar til åbent hus",
        16,
        "Kronborg Idrætsforening, klubhuset",
        "https://moede.demo.dk/fritid",
        "1. Program for åbent hus\n2. Frivillige ved døren\n3. Eventuelt",
        [
            (ELISABETH, Rsvp.Answer.YES),
            ("birgit.holm@frivillignordkysten.demo.dk", Rsvp.Answer.YES),
        ],
    ),
]

CANCELLED = (
    WELLBEING,
    "Temamøde om ensomhed blandt unge",
    6,
    "Sundhedshuset Nordkysten",
    "1. Oplæg fra regionen\n2. Hvad kan foreningerne gøre?",
)


def seed_communication(*, users, by):
    """Post the demo's messages and hold its meetings, unless any message or meeting exists.

    `users` are the seeded accounts by e-mail; `by` is the secretariat account that
    schedules the meetings and writes the minutes.
    """
    if Message.objects.exists() or Meeting.objects.exists():
        return
    groups = {group.name: group for group in WorkingGroup.objects.all()}
    people = {email.lower(): user for email, user in users.items()}
    now = timezone.now()

    for title, body, days_ago, pinned in NEWS:
        post(
            by=people[SUSANNE],
            title=title,
            body=body,
            audience=Audience.PUBLIC,
            publish_at=now - timedelta(days=days_ago),
            pinned=pinned,
        )
    title, body, days_ago = ALLIANCE_MESSAGE
    post(
        by=people[HANNE],
        title=title,
        body=body,
        audience=Audience.ALLIANCE,
        publish_at=now - timedelta(days=days_ago),
    )
    for group, author, title, body, days_ago, comments in GROUP_MESSAGES:
        message = post(
            by=people[author],
            title=title,
            body=body,
            audience=Audience.GROUP,
            group=groups[group],
            publish_at=now - timedelta(days=days_ago),
        )
        for commenter, text, hidden in comments:
            comment = add_comment(message=message, body=text, by=people[commenter])
            if hidden:
                hide_comment(comment=comment, by=people[author])

    today = timezone.localdate()
    for group, title, days_ago, place, agenda, minutes, decisions, items in HELD:
        meeting = schedule(
            by=by,
            group=groups[group],
            title=title,
            day=today - timedelta(days=days_ago),
            place=place,
            agenda=agenda,
        )
        meeting = set_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=by)
        record_minutes(
            meeting=meeting,
            minutes=minutes,
            decisions=decisions,
            action_items=[
                {
                    "text": text,
                    "responsible": people[responsible],
                    "due_on": today + timedelta(days=due_in),
                }
                for text, responsible, due_in in items
            ],
            by=by,
        )
    for group, title, in_days, place, online_url, agenda, answers in COMING:
        meeting = schedule(
            by=by,
            group=groups[group],
            title=title,
            day=today + timedelta(days=in_days),
            place=place,
            online_url=online_url,
            agenda=agenda,
        )
        for email, answer in answers:
            answer_rsvp(meeting=meeting, person=people[email], answer=answer)
    group, title, in_days, place, agenda = CANCELLED
    meeting = schedule(
        by=by,
        group=groups[group],
        title=title,
        day=today + timedelta(days=in_days),
        place=place,
        agenda=agenda,
    )
    set_meeting_status(meeting=meeting, status=Meeting.Status.CANCELLED, by=by)


def _local(moment):
    """A moment as the portal's date-and-time field takes it, in the portal's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def post(*, by: User, title, body, audience, publish_at, group=None, pinned=False) -> Message:
    data = {
        "title": title,
        "body": body,
        "audience": audience,
        "group": group.pk if group else "",
        "publish_at": _local(publish_at),
    }
    if pinned:
        data["pinned"] = "on"
    return post_message(form=valid(MessageForm(data, user=by)), by=by)


def schedule(*, by, group, title, day, place, agenda, online_url="") -> Meeting:
    """A two-hour meeting in the afternoon of `day`, moved to the Monday after a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    starts = timezone.make_aware(datetime.combine(day, time(15, 0)))
    form = MeetingForm(
        {
            "group": group.pk,
            "title": title,
            "starts_at": _local(starts),
            "ends_at": _local(starts + timedelta(hours=2)),
            "place": place,
            "online_url": online_url,
            "agenda": agenda,
        }
    )
    return schedule_meeting(form=valid(form), by=by)

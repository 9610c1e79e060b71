"""Public news and calendar feeds at their fixed paths; messages and meetings under /portal/."""

from django.urls import path

from communication.views import calendar, home, meetings, messages, news

app_name = "communication"

urlpatterns = [
    # Public news and its Atom feed.
    path("nyheder/", news.news_list, name="news_list"),
    path("nyheder/feed/", news.NewsFeed(), name="news_feed"),
    path("nyheder/<int:pk>/", news.news_detail, name="news_detail"),
    # A person's secret calendar address: no log-in, the token is the key.
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    # The member's home.
    path("portal/", home.home, name="home"),
    # Messages to the alliance and to groups, with comments.
    path("portal/opslag/", messages.message_list, name="message_list"),
    path("portal/opslag/nyt/", messages.message_create, name="message_create"),
    path("portal/opslag/<int:pk>/", messages.message_detail, name="message_detail"),
    path("portal/opslag/<int:pk>/rediger/", messages.message_edit, name="message_edit"),
    path("portal/opslag/<int:pk>/kommenter/", messages.comment_create, name="comment_create"),
    path("portal/kommentarer/<int:pk>/skjul/", messages.comment_hide, name="comment_hide"),
    # Meetings, answers, minutes and action items.
    path("portal/moeder/", meetings.meeting_list, name="meeting_list"),
    path("portal/moeder/nyt/", meetings.meeting_create, name="meeting_create"),
    path("portal/moeder/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("portal/moeder/<int:pk>/rediger/", meetings.meeting_edit, name="meeting_edit"),
    path("portal/moeder/<int:pk>/status/", meetings.meeting_status, name="meeting_status"),
    path("portal/moeder/<int:pk>/svar/", meetings.meeting_rsvp, name="meeting_rsvp"),
    path("portal/moeder/<int:pk>/referat/", meetings.meeting_minutes, name="meeting_minutes"),
    path("portal/moeder/<int:pk>/moede.ics", meetings.meeting_ics, name="meeting_ics"),
    # Managing one's own calendar address.
    path("portal/kalender/", calendar.calendar_settings, name="calendar_settings"),
]

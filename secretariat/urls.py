"""The secretariat's pages under /portal/sekretariat/; the members' survey form under /portal/."""

from django.urls import path

from secretariat.views import coherence, health, home, report, survey, tasks

app_name = "secretariat"

urlpatterns = [
    # Where everybody lands after logging in: the secretariat on its home, members on theirs.
    path("portal/videre/", home.landing, name="landing"),
    path("portal/sekretariat/", home.home, name="home"),
    # Tasks: the board by status, the filtered list, one's own.
    path("portal/sekretariat/opgaver/", tasks.task_board, name="task_board"),
    path("portal/sekretariat/opgaver/liste/", tasks.task_list, name="task_list"),
    path("portal/sekretariat/opgaver/mine/", tasks.my_tasks, name="my_tasks"),
    path("portal/sekretariat/opgaver/ny/", tasks.task_create, name="task_create"),
    path("portal/sekretariat/opgaver/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("portal/sekretariat/opgaver/<int:pk>/rediger/", tasks.task_edit, name="task_edit"),
    path("portal/sekretariat/opgaver/<int:pk>/status/", tasks.task_move, name="task_move"),
    # What does not hang together yet.
    path("portal/sekretariat/sammenhaeng/", coherence.coherence, name="coherence"),
    # The health of the five conditions and the self-assessment.
    path("portal/sekretariat/sundhed/", health.health, name="health"),
    path("portal/sekretariat/selvevaluering/", survey.round_list, name="round_list"),
    path("portal/sekretariat/selvevaluering/ny/", survey.round_open, name="round_open"),
    path("portal/sekretariat/selvevaluering/<int:pk>/", survey.round_detail, name="round_detail"),
    path("portal/sekretariat/selvevaluering/<int:pk>/luk/", survey.round_close, name="round_close"),
    path("portal/sekretariat/selvevaluering/udsagn/", survey.question_list, name="question_list"),
    path(
        "portal/sekretariat/selvevaluering/udsagn/<int:pk>/",
        survey.question_edit,
        name="question_edit",
    ),
    path(
        "portal/sekretariat/selvevaluering/udsagn/nyt/",
        survey.question_create,
        name="question_create",
    ),
    path("portal/selvevaluering/<int:pk>/", survey.answer, name="answer"),
    # The yearly backbone report.
    path("portal/sekretariat/aarsrapport/", report.backbone_report, name="report"),
]

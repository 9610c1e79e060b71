from django.urls import path

from members.views import volunteers

app_name = "volunteers"

urlpatterns = [
    path("frivillig/", volunteers.signup, name="signup"),
    path("frivillig/tak/", volunteers.thanks, name="thanks"),
    path("frivillig/bekraeft/<str:token>/", volunteers.confirm, name="confirm"),
    path("frivillig/aendringer/<str:token>/", volunteers.change, name="change"),
    path("frivillig/mine-data/<str:token>/", volunteers.my_data, name="my_data"),
    path("frivillig/mine-data/<str:token>/json/", volunteers.my_data_json, name="my_data_json"),
    path("frivillig/bliv/<str:token>/", volunteers.stay, name="stay"),
    path("frivillig/slet/<str:token>/", volunteers.delete, name="delete"),
    path("frivillige/", volunteers.volunteer_list, name="list"),
    path("frivillige.csv", volunteers.volunteer_export, name="export"),
    path("frivillige/<int:pk>/", volunteers.volunteer_detail, name="detail"),
    path(
        "frivillige/<int:pk>/boerneattest/",
        volunteers.volunteer_certificate,
        name="certificate",
    ),
    path("frivillige/<int:pk>/noter/", volunteers.volunteer_note, name="note"),
    path("frivillige/<int:pk>/anonymiser/", volunteers.volunteer_anonymise, name="anonymise"),
    path(
        "frivillige/<int:pk>/send-bekraeftelse/",
        volunteers.volunteer_resend,
        name="resend",
    ),
]

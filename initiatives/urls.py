"""Initiatives: the public pages at /indsatser/, the work on them under /portal/."""

from django.urls import include, path

from initiatives.views import export, overview, public, work

app_name = "initiatives"

public_patterns = [
    path("", public.public_list, name="public_list"),
    path("<slug:slug>/", public.public_detail, name="public_detail"),
]

portal_patterns = [
    path("indsatser/", work.initiative_list, name="initiative_list"),
    path("indsatser/ny/", work.initiative_create, name="initiative_create"),
    path("indsatser/<slug:slug>/", work.initiative_detail, name="initiative_detail"),
    path("indsatser/<slug:slug>/rediger/", work.initiative_edit, name="initiative_edit"),
    path("indsatser/<slug:slug>/tilsagn/ny/", work.commitment_create, name="commitment_create"),
    path("tilsagn/<int:pk>/", work.commitment_detail, name="commitment_detail"),
    path("tilsagn/<int:pk>/rediger/", work.commitment_edit, name="commitment_edit"),
    path("tilsagn/<int:pk>/opdatering/", work.commitment_update, name="commitment_update"),
    path("tilsagn/<int:pk>/godkend/", work.commitment_accept, name="commitment_accept"),
    path("tilsagn/<int:pk>/send-tilbage/", work.commitment_return, name="commitment_return"),
    path("tilsagn.csv", work.commitment_export, name="commitment_export"),
    path("indsatser.csv", export.initiative_export, name="initiative_export"),
    path("indsatser.xlsx", export.initiative_export_xlsx, name="initiative_export_xlsx"),
    path("min-organisation/", work.my_organisation, name="my_organisation"),
    path("tvaergaaende/", overview.cross_sector, name="cross_sector"),
    path("netvaerk/", overview.network, name="network"),
]

urlpatterns = [
    path("indsatser/", include(public_patterns)),
    path("portal/", include(portal_patterns)),
]

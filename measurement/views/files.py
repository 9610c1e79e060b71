"""Figures in files: the secretariat's import of an indicator's figures, and its downloads."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from alliance.export import csv_stream, xlsx_response
from measurement import files, services
from measurement.models import Indicator
from members.permissions import secretariat_required


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil (CSV eller XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("Vælg en fil.")},
    )


@never_cache
@secretariat_required
def indicator_import(request, slug):
    """Upload, then a preview with every row's outcome, then store all rows or none."""
    indicator = get_object_or_404(Indicator, slug=slug)
    form = UploadForm()
    rows, token, source = None, "", ""
    if request.method == "POST" and "confirm" in request.POST:
        source = request.POST.get("source", "")[:200]
        try:
            rows = files.unsign_rows(request.POST.get("rows", ""))
            stored = services.import_reports(
                indicator=indicator, rows=rows, by=request.user, source=source
            )
        except BadSignature:
            messages.error(request, _("Forhåndsvisningen er for gammel. Indlæs filen igen."))
            rows = None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            rows = None
        else:
            messages.success(
                request,
                _("%(count)s indberetninger er importeret og godkendt.") % {"count": len(stored)},
            )
            return redirect(indicator)
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = files.check_rows(indicator, files.read_table(upload))
            except files.FileError as error:
                form.add_error("file", str(error))
            else:
                source = upload.name[:200]
                if not any(row.error for row in rows):
                    token = files.sign_rows(rows)
    errors = sum(1 for row in rows or () if row.error)
    return render(
        request,
        "measurement/import.html",
        {
            "indicator": indicator,
            "form": form,
            "rows": rows,
            "errors": errors,
            "token": token,
            "source": source,
            "header": files.IMPORT_HEADER,
        },
    )


def _download_name(indicator):
    return f"{indicator.slug}-indberetninger"


@never_cache
@secretariat_required
def indicator_export_csv(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    return csv_stream(_download_name(indicator), files.EXPORT_HEADER, files.export_rows(indicator))


@never_cache
@secretariat_required
def indicator_export_xlsx(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    return xlsx_response(
        _download_name(indicator), files.EXPORT_HEADER, files.export_rows(indicator)
    )

"""Messages to the alliance and to groups, and their comments, inside the portal.

A message comes through Message.objects.visible_to, so one outside a person's
groups answers 404; a visible one they may not change answers 403.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.paging import paginate
from alliance.versioning import save_form
from communication.forms.messages import CommentForm, MessageFilterForm, MessageForm
from communication.models import Comment, Message
from communication.permissions import can_comment, can_edit_message, can_hide_comment, can_post
from communication.services import messages as services
from members.permissions import is_secretariat


def _message(request, pk):
    return get_object_or_404(
        Message.objects.visible_to(request.user).select_related("author__organisation", "group"),
        pk=pk,
    )


@login_required
def message_list(request):
    found = (
        Message.objects.visible_to(request.user)
        .newest_first()
        .select_related("author__organisation", "group")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
    )
    form = MessageFilterForm(request.GET or None, user=request.user)
    filtered = form.is_valid() and any(form.cleaned_data.values())
    if filtered:
        found = form.filter(found)
    page, query = paginate(request, found)
    return render(
        request,
        "communication/message_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_post": can_post(request.user),
            "filtered": filtered,
        },
    )


@login_required
def message_create(request):
    if not can_post(request.user):
        raise PermissionDenied
    form = MessageForm(request.POST or None, user=request.user)
    if request.method == "POST" and save_form(
        form, lambda: services.post_message(form=form, by=request.user)
    ):
        message = form.instance
        if message.is_published:
            flash.success(request, _("Opslaget er offentliggjort."))
        else:
            flash.success(
                request, _("Opslaget er gemt og bliver offentliggjort på det valgte tidspunkt.")
            )
        return redirect(message)
    return render(request, "communication/message_form.html", {"form": form, "message": None})


def _detail_context(request, message, comment_form=None):
    user = request.user
    secretariat = is_secretariat(user)
    # The related manager hands each comment this message, so the rule costs no query.
    comments = list(message.comments.select_related("author__organisation", "hidden_by"))
    for comment in comments:
        comment.can_hide = not comment.is_hidden and can_hide_comment(user, comment)
        comment.text_shown = not comment.is_hidden or secretariat
    may_comment = can_comment(user, message)
    return {
        "message": message,
        "comments": comments,
        "comment_form": (comment_form or CommentForm()) if may_comment else None,
        "can_edit": can_edit_message(user, message),
    }


@login_required
def message_detail(request, pk):
    message = _message(request, pk)
    return render(request, "communication/message_detail.html", _detail_context(request, message))


@login_required
def message_edit(request, pk):
    message = _message(request, pk)
    if not can_edit_message(request.user, message):
        raise PermissionDenied
    form = MessageForm(request.POST or None, instance=message, user=request.user)
    if request.method == "POST" and save_form(
        form, lambda: services.update_message(form=form, by=request.user)
    ):
        flash.success(request, _("Ændringerne er gemt."))
        return redirect(message)
    return render(request, "communication/message_form.html", {"form": form, "message": message})


@require_POST
@login_required
def comment_create(request, pk):
    message = _message(request, pk)
    if not can_comment(request.user, message):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.add_comment(
                message=message, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            flash.success(request, _("Din kommentar er tilføjet."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "communication/message_detail.html",
        _detail_context(request, message, comment_form=form),
    )


@require_POST
@login_required
def comment_hide(request, pk):
    comment = get_object_or_404(
        Comment.objects.filter(message__in=Message.objects.visible_to(request.user)).select_related(
            "message"
        ),
        pk=pk,
    )
    if not can_hide_comment(request.user, comment):
        raise PermissionDenied
    services.hide_comment(comment=comment, by=request.user)
    flash.success(
        request, _("Kommentaren er skjult. Den er gemt, og sekretariatet kan stadig se den.")
    )
    return redirect(comment.message.get_absolute_url() + "#kommentarer")

"""The inbox of notifications and the reminder settings: both personal to whoever is signed in.

Everyone signed in has an inbox and a settings page, even with no role (an empty inbox; no reminders
to choose). A notification belongs to its recipient alone: anyone else asking for it gets 404.
A notification's link is followed only when it is a path on this site.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.paging import elided_pages

from .. import inbox_selectors
from ..forms.reminders import InboxFilterForm, ReminderPreferencesForm
from ..services import notification_mark_read

NOTIFICATIONS_PER_PAGE = 25


def _back_to_inbox(request):
    """Back to the inbox page the person came from (its page and filter), if the form said which."""
    back = request.POST.get("next", "")
    inbox = reverse("notifications")
    if back.startswith(inbox) and url_has_allowed_host_and_scheme(back, allowed_hosts=set()):
        return redirect(back)
    return redirect(inbox)


def _my_notification(user, pk: int):
    return get_object_or_404(inbox_selectors.my_notifications(user), pk=pk)


@require_safe
@login_required
@never_cache
def notifications(request):
    form = InboxFilterForm(request.GET or None)
    unread_only = form.unread_only() if request.GET else False
    mine = inbox_selectors.my_notifications(request.user, unread_only=unread_only)
    page = Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for notification in page:
        notification.link = inbox_selectors.safe_link(notification.url)
    return render(
        request,
        "actions/inbox/notifications.html",
        {
            "form": form,
            "page": page,
            "page_range": elided_pages(page),
            "unread_only": unread_only,
            "this_page": request.get_full_path(),
        },
    )


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = _my_notification(request.user, pk)
    notification_mark_read(notification=notification)
    messages.success(request, "Notification marked as read")
    return _back_to_inbox(request)


@require_POST
@login_required
def notifications_read_all(request):
    marked = (
        inbox_selectors.my_notifications(request.user, unread_only=True)
        .order_by()
        .update(read_at=timezone.now())
    )
    if marked:
        messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read")
    else:
        messages.info(request, "You have no unread notifications")
    return _back_to_inbox(request)


@require_safe
@login_required
@never_cache
def notification_open(request, pk: int):
    """Mark the notification read and go to its page; a link off this site is never followed."""
    notification = _my_notification(request.user, pk)
    notification_mark_read(notification=notification)
    link = inbox_selectors.safe_link(notification.url)
    if not link:
        messages.info(request, "This notification has no page in this service to open")
        return redirect("notifications")
    return redirect(link)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def reminder_preferences(request):
    user = request.user
    reminders = inbox_selectors.my_reminders(user)
    kinds = inbox_selectors.kinds_received(reminders)
    form_kwargs = {
        "user": user,
        "kinds": kinds,
        "required": inbox_selectors.kinds_required_by_email(reminders),
        "saved": inbox_selectors.email_choices(user),
    }
    if request.method == "POST":
        form = ReminderPreferencesForm(request.POST, **form_kwargs)
        if form.is_valid():
            form.save()
            messages.success(request, "Reminder settings saved")
            return redirect("reminder_preferences")
    else:
        form = ReminderPreferencesForm(**form_kwargs)
    return render(
        request,
        "actions/inbox/reminder_preferences.html",
        {"form": form, "reminders": reminders, "kinds": kinds},
    )


urlpatterns = [
    path("inbox/", notifications, name="notifications"),
    path("inbox/read-all/", notifications_read_all, name="notifications_read_all"),
    path("inbox/<int:pk>/read/", notification_read, name="notification_read"),
    path("inbox/<int:pk>/open/", notification_open, name="notification_open"),
    path("account/reminders/", reminder_preferences, name="reminder_preferences"),
]

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    ActionImport,
    ActionPlan,
    Evidence,
    Milestone,
    Notification,
    ProgressUpdate,
    Reminder,
    ReminderPolicy,
    ReminderPreference,
    TargetDateChange,
    Verification,
)


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["number", "description", "target_date", "status", "rag_override"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["review", "agency", "agreed_on"]
    list_filter = ["review__partnership", "agency__kind"]
    search_fields = ["review__reference", "agency__name"]
    autocomplete_fields = ["review", "agency"]
    inlines = [ActionInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "status", "rag_override", "target_date", "revised_target_date", "owner"]
    list_filter = ["status", "rag_override", "plan__review__partnership"]
    search_fields = ["description", "plan__review__reference", "plan__agency__name"]
    autocomplete_fields = ["plan", "recommendations", "owner", "accountable_officer", "verified_by"]
    inlines = [MilestoneInline, ProgressUpdateInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["action", "description", "due_on", "completed_on"]
    autocomplete_fields = ["action"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "written_on", "status", "rag", "author"]
    list_filter = ["status", "rag"]
    autocomplete_fields = ["action", "author"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    # A link typed without a scheme is taken as https (Django 6's default, stated now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["action", "purpose", "title", "recheck_on", "added_by"]
    list_filter = ["purpose"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["action", "added_by"]


@admin.register(TargetDateChange)
class TargetDateChangeAdmin(SimpleHistoryAdmin):
    list_display = ["action", "previous_date", "new_date", "changed_by", "changed_at"]
    autocomplete_fields = ["action", "changed_by"]


@admin.register(Verification)
class VerificationAdmin(SimpleHistoryAdmin):
    list_display = ["action", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    autocomplete_fields = ["action", "decided_by"]


@admin.register(ActionImport)
class ActionImportAdmin(admin.ModelAdmin):
    """Read-only: imports are made and confirmed on the import pages, by the person who uploaded them."""

    list_display = ["original_filename", "review", "uploaded_by", "state", "total_rows", "created_at"]
    list_filter = ["state"]
    readonly_fields = [field.name for field in ActionImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: reminders are made by the sweep and sent once; the admin shows what was sent and when."""

    list_display = ["kind", "subject", "due_on", "recipient", "state", "late", "sent_at"]
    list_filter = ["kind", "state", "late"]
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["partnership", "escalate_after_days", "drift_days", "deadline_warning_days"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, Evidence, Milestone, ProgressUpdate


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["number", "description", "target_date", "status", "rag"]
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
    list_display = ["plan", "number", "status", "rag", "target_date", "revised_target_date", "owner"]
    list_filter = ["status", "rag", "plan__review__partnership"]
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

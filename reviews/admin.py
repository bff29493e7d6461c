from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CaseCoding,
    Dissemination,
    Finding,
    LearningBrief,
    MetDeadline,
    Recommendation,
    Review,
    StageChange,
    Theme,
)


class CaseCodingInline(admin.StackedInline):
    model = CaseCoding
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "partnership", "notified_on"]
    list_filter = ["partnership", "kind", "status"]
    search_fields = ["reference", "title", "pseudonym"]
    autocomplete_fields = ["partnership", "converted_from", "lead_reviewer"]
    inlines = [CaseCodingInline]


@admin.register(CaseCoding)
class CaseCodingAdmin(SimpleHistoryAdmin):
    list_display = ["review", "nature", "harm_category", "age_band"]
    list_filter = ["nature", "harm_category", "age_band"]
    autocomplete_fields = ["review"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["review", "number", "kind", "title"]
    list_filter = ["kind", "themes", "review__partnership"]
    search_fields = ["title", "text", "review__reference"]
    autocomplete_fields = ["review", "themes", "agencies"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["review", "number", "to_partnership", "response"]
    list_filter = ["response", "to_partnership", "review__partnership"]
    search_fields = ["text", "review__reference"]
    autocomplete_fields = ["review", "agencies", "findings"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    """The lifecycle record is written by reviews.lifecycle only; here it is read."""

    list_display = ["review", "from_stage", "to_stage", "changed_on", "changed_by"]
    list_filter = ["to_stage", "review__partnership"]
    search_fields = ["review__reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MetDeadline)
class MetDeadlineAdmin(admin.ModelAdmin):
    """The clock's stored verdicts (reviews/clock/stored.py) follow the review's dates; here they are read."""

    list_display = ["review", "key", "due_on", "met_on", "on_time"]
    list_filter = ["key", "on_time", "review__partnership"]
    search_fields = ["review__reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LearningBrief)
class LearningBriefAdmin(SimpleHistoryAdmin):
    list_display = ["review", "issued_on"]
    search_fields = ["review__reference"]
    autocomplete_fields = ["review"]


@admin.register(Dissemination)
class DisseminationAdmin(SimpleHistoryAdmin):
    list_display = ["review", "agency", "received_on", "used_how", "used_on"]
    list_filter = ["used_how", "review__partnership"]
    search_fields = ["review__reference", "agency__name"]
    autocomplete_fields = ["review", "agency"]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLogEntry, Agency, Membership, Partnership, User


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [AgencyInline]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "partnership", "is_active"]
    list_filter = ["partnership", "kind", "is_active"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["partnership", "agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "partnership", "agency"]
    list_filter = ["partnership", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "partnership", "agency"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and nobody edits it."""

    list_display = ["at", "user", "event", "object_label"]
    list_filter = ["event", "content_type"]
    search_fields = ["user__username", "object_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# A personal API token is made only by its person, on their account page (agencies/tokens.py); the
# admin's page for tokens would let staff make one for anyone and show it in a message.
admin.site.unregister(AuthToken)

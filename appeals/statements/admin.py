"""Administration of supporting statements: find and read them. Statements and their emails
change only through the services (requesting, writing, signing, withdrawing), so the admin
shows them read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appeals.statements.models import StatementNotification, SupportStatement
from linkwork.admin import ReadOnlyAdminMixin
from linkwork.audit.admin import AuditedAdminMixin


class NotificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StatementNotification
    extra = 0
    can_delete = False
    fields = ("reason", "status", "recipients", "created_by", "created_at", "sent_at", "error")
    readonly_fields = fields


@admin.register(SupportStatement)
class SupportStatementAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "id",
        "kind",
        "status",
        "version",
        "requested_of_practice",
        "requested_of_user",
        "signed_by",
        "signed_at",
        "created_at",
    )
    list_filter = ("status", "kind", "requested_of_practice", "created_at")
    list_select_related = ("requested_of_practice", "requested_of_user", "signed_by")
    search_fields = (
        "=id",
        "=case__id",
        "signer_name",
        "signer_registration",
        "requested_of_user__last_name",
        "requested_of_practice__ods_code",
        "content_hash",
    )
    raw_id_fields = (
        "case",
        "requested_by",
        "requested_of_user",
        "requested_of_practice",
        "deadline",
        "author",
        "signed_by",
        "closed_by",
        "supersedes",
    )
    date_hierarchy = "created_at"
    inlines = (NotificationInline,)


@admin.register(StatementNotification)
class StatementNotificationAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("statement", "reason", "status", "created_at", "sent_at")
    list_filter = ("status", "reason")
    list_select_related = ("statement",)
    search_fields = ("=statement__id",)

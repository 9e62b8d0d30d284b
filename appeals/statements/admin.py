"""Administration of supporting statements: find and read them; signed ones cannot be changed
here either (the model refuses)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appeals.statements.models import StatementNotification, StatementStatus, SupportStatement
from linkwork.audit.admin import AuditedAdminMixin


class NotificationInline(admin.TabularInline):
    model = StatementNotification
    extra = 0
    can_delete = False
    fields = ("reason", "status", "recipients", "created_by", "created_at", "sent_at", "error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupportStatement)
class SupportStatementAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
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
    readonly_fields = ("content_hash", "signed_at", "signed_by", "created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = (NotificationInline,)
    # No bulk delete: a signed statement is never deleted, and one at a time shows which.
    actions = None

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == StatementStatus.SIGNED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == StatementStatus.SIGNED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(StatementNotification)
class StatementNotificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("statement", "reason", "status", "created_at", "sent_at")
    list_filter = ("status", "reason")
    list_select_related = ("statement",)
    search_fields = ("=statement__id",)
    readonly_fields = (
        "statement",
        "reason",
        "recipients",
        "created_by",
        "created_at",
        "sent_at",
        "error",
    )

"""The audit log in the admin: searchable and filterable, and read-only for everyone,
superusers included (no add, change or delete, no bulk actions)."""

from django.contrib import admin

from linkwork.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "username",
        "action",
        "object_type",
        "object_id",
        "patient_id",
        "ip_address",
        "detail",
    ]
    list_filter = ["action", "at", "object_type"]
    list_select_related = ["user"]
    search_fields = ["username", "object_id", "patient_id", "ip_address", "detail"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    actions = None
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

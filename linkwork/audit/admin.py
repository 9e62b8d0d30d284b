"""The audit log in the admin: searchable and filterable, and read-only for everyone,
superusers included (no add, change or delete, no bulk actions). ``AuditedAdminMixin`` makes
another model's admin record views and changes of patient data."""

from django.contrib import admin

from linkwork.admin import ReadOnlyAdminMixin
from linkwork.audit.models import AuditAction, AuditEvent, Erasure
from linkwork.audit.services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What each anonymisation erased; read-only for everyone."""

    list_display = ["at", "patient_id", "reason", "by", "history_rows_deleted"]
    list_filter = ["reason", "at"]
    list_select_related = ["by"]
    search_fields = ["patient_id"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in Erasure._meta.fields]
    actions = None


class AuditedAdminMixin:
    """For the admin of a model that holds patient data: records in the audit log each time an
    administrator opens a record (or its change history), adds, changes or deletes one. Put it
    first among the bases: ``class PatientAdmin(AuditedAdminMixin, SimpleHistoryAdmin)``."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._record_view(request, response, "Opened in the administration site")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._record_view(request, response, "Opened its change history in administration")
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            request=request,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            detail="In the administration site",
        )

    def delete_model(self, request, obj):
        audit_record(
            request=request, action=AuditAction.DELETE, obj=obj, detail="In the administration site"
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                request=request,
                action=AuditAction.DELETE,
                obj=obj,
                detail="In the administration site",
            )
        super().delete_queryset(request, queryset)

    @staticmethod
    def _record_view(request, response, detail: str) -> None:
        context = getattr(response, "context_data", None) or {}
        obj = context.get("original") or context.get("object")
        if obj is not None:
            audit_record(request=request, action=AuditAction.VIEW, obj=obj, detail=detail)

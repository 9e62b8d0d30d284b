"""Admin for appeal cases, deadlines and the benefit rate table.

Administrators keep the rate table up to date each April; saving a rate works out the money of
that benefit's cases again. Cases, their deadlines and notes change only through the services
(the case pages), which keep deadlines, money and the version in step, so the admin shows them
read-only, with their history.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appeals.models import AppealCase, BenefitRate, CaseNote, Deadline, StageChange
from appeals.services import rates_changed
from linkwork.admin import ReadOnlyAdminMixin
from linkwork.audit.admin import AuditedAdminMixin


class DeadlineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Deadline
    extra = 0
    fields = ["kind", "label", "due", "status", "status_reason", "is_computed"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class StageChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["at", "from_stage", "to_stage", "by", "reason"]
    readonly_fields = fields
    can_delete = False


@admin.register(AppealCase)
class AppealCaseAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "patient", "benefit", "stage", "holder", "decision_date", "outcome"]
    list_filter = ["benefit", "stage", "outcome", "motability_customer"]
    list_select_related = ["patient", "holder"]
    search_fields = ["tribunal_reference", "patient__family_name", "patient__nhs_number"]
    date_hierarchy = "created_at"
    raw_id_fields = ["patient", "created_by"]
    inlines = [DeadlineInline, StageChangeInline]


@admin.register(Deadline)
class DeadlineAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["label", "kind", "due", "status", "case", "is_computed"]
    list_filter = ["kind", "status", "is_computed"]
    list_select_related = ["case"]
    search_fields = ["label", "case__tribunal_reference"]
    date_hierarchy = "due"
    raw_id_fields = ["case", "created_by", "status_changed_by"]


@admin.register(CaseNote)
class CaseNoteAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["case", "author", "created_at"]
    list_select_related = ["case", "author"]
    search_fields = ["case__tribunal_reference"]
    raw_id_fields = ["case", "author"]


@admin.register(BenefitRate)
class BenefitRateAdmin(admin.ModelAdmin):
    list_display = ["benefit", "component", "rate", "valid_from", "weekly_amount"]
    list_filter = ["benefit", "component", "valid_from"]
    ordering = ["benefit", "-valid_from", "component", "rate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rates_changed(benefit=obj.benefit)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        rates_changed(benefit=obj.benefit)

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from linkwork.audit.admin import AuditedAdminMixin
from referrals.models import GPMessage, Referral, ReferralTransition


class TransitionInline(admin.TabularInline):
    model = ReferralTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class GPMessageInline(admin.StackedInline):
    model = GPMessage
    extra = 0
    fields = ["sent_at", "event", "snomed_code", "summary", "sent_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "patient",
        "received_on",
        "source",
        "status",
        "first_contact_due",
        "first_contact_at",
        "second_open_referral",
    ]
    list_filter = ["status", "source", "urgency", "second_open_referral", "referring_practice"]
    list_select_related = ["patient", "referring_practice"]
    search_fields = ["patient__family_name", "patient__given_name", "patient__nhs_number"]
    raw_id_fields = ["patient", "created_by"]
    readonly_fields = ["status", "status_changed_at", "first_contact_at", "created_at"]
    date_hierarchy = "received_on"
    inlines = [TransitionInline, GPMessageInline]


@admin.register(GPMessage)
class GPMessageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["referral", "event", "snomed_code", "sent_at", "sent_by"]
    list_filter = ["event"]
    list_select_related = ["referral__patient", "sent_by"]
    search_fields = ["referral__patient__family_name", "referral__patient__nhs_number"]
    readonly_fields = ["referral", "event", "snomed_code", "summary", "sent_by", "sent_at"]

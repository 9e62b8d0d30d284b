from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from linkwork.audit.admin import AuditedAdminMixin
from patients.models import Consent, Contact, Need, OutcomeMeasure, Patient, SupportOffer


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["decided_on", "scope", "organisation", "given", "method", "recorded_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Patient)
class PatientAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "family_name",
        "given_name",
        "date_of_birth",
        "nhs_number",
        "postcode",
        "practice",
        "holder",
        "status",
    ]
    list_filter = [
        "status",
        "practice__service",
        "practice",
        "safeguarding_concern",
        "motability_customer",
    ]
    list_select_related = ["practice", "holder"]
    search_fields = ["family_name", "given_name", "preferred_name", "nhs_number", "postcode"]
    autocomplete_fields = ["holder"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [ConsentInline]


@admin.register(Consent)
class ConsentAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["patient", "scope", "organisation", "given", "decided_on", "method"]
    list_filter = ["scope", "given", "method"]
    list_select_related = ["patient"]
    search_fields = ["patient__family_name", "patient__nhs_number", "organisation"]
    raw_id_fields = ["patient", "recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False  # a withdrawal is a new entry, never a deletion


@admin.register(Contact)
class ContactAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["patient", "at", "kind", "outcome", "duration_minutes", "recorded_by"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["patient", "recorded_by"]
    search_fields = ["patient__family_name", "patient__nhs_number"]
    raw_id_fields = ["patient", "recorded_by"]
    date_hierarchy = "at"


@admin.register(Need)
class NeedAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["patient", "category", "identified_on", "resolved_on"]
    list_filter = ["category"]
    list_select_related = ["patient"]
    search_fields = ["patient__family_name", "patient__nhs_number", "detail"]
    raw_id_fields = ["patient", "recorded_by"]


@admin.register(SupportOffer)
class SupportOfferAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["patient", "kind", "organisation", "offered_on", "outcome"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["patient"]
    search_fields = ["patient__family_name", "patient__nhs_number", "organisation"]
    raw_id_fields = ["patient", "need", "recorded_by"]


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["patient", "kind", "timepoint", "taken_on"]
    list_filter = ["kind", "timepoint"]
    list_select_related = ["patient"]
    search_fields = ["patient__family_name", "patient__nhs_number"]
    raw_id_fields = ["patient", "recorded_by"]

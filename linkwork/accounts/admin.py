from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from linkwork.accounts.models import Practice, Service, User


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "annual_capacity"]
    search_fields = ["name"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "service", "postcode"]
    list_filter = ["service"]
    search_fields = ["name", "ods_code", "postcode"]
    list_select_related = ["service"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "service",
        "practice",
        "is_active",
    ]
    list_filter = ["role", "is_active", "service", "practice"]
    list_select_related = ["service", "practice"]
    search_fields = ["username", "first_name", "last_name", "email", "professional_registration"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            "Role in Linkwork",
            {"fields": ("role", "service", "practice", "job_title", "professional_registration")},
        ),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role in Linkwork", {"fields": ("role", "service", "practice", "email")}),
    )

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from linkwork.accounts import services
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
    actions = ["unlock_sign_in", "reset_two_factor"]

    @admin.action(description="Unlock sign-in (clear failed sign-ins)")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            services.user_unlock(user=user, by=request.user, request=request)
        self.message_user(request, f"Sign-in unlocked for {queryset.count()} account(s).")

    @admin.action(description="Reset two-factor authentication (lost phone) and sign out")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            services.two_factor_reset(user=user, by=request.user, request=request)
        self.message_user(
            request,
            f"Two-factor authentication reset for {queryset.count()} account(s); they set it up "
            "again at their next sign-in.",
            messages.WARNING,
        )

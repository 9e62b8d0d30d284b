"""Reminders in the admin: the delivery record of every reminder (sent, or failed with the
reason), read-only apart from sending a failed one again; notifications and preferences."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from linkwork.reminders import services
from linkwork.reminders.models import Notification, Reminder, ReminderPreference, ReminderStatus


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "subject",
        "recipient",
        "step",
        "offset_days",
        "due",
        "status",
        "failure_reason",
        "attempts",
        "emailed_at",
        "sent_at",
    ]
    list_filter = ["status", "step", "topic", "email_wanted", "scheduled_for"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username", "recipient__email", "failure_reason"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Reminder._meta.fields]
    actions = ["send_again"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Send the selected failed reminders again")
    def send_again(self, request, queryset) -> None:
        sent = 0
        for reminder in queryset.filter(status=ReminderStatus.FAILED):
            try:
                services.reminder_requeue(reminder=reminder, by=request.user)
            except ValidationError:
                continue
            sent += 1
        self.message_user(request, f"{sent} reminder(s) queued to send again.", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "title", "recipient", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    readonly_fields = [field.name for field in Notification._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "offsets", "email_enabled", "updated_at"]
    list_filter = ["email_enabled"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]

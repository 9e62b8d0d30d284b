from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "linkwork.reminders"
    label = "reminders"
    verbose_name = "Reminders and notifications"

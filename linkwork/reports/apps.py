from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "linkwork.reports"
    label = "reports"
    verbose_name = "Reports"

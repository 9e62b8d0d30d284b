from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linkwork.audit"
    label = "audit"
    verbose_name = "Audit log"

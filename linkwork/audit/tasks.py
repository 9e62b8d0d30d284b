"""Scheduled work of the audit app: thin tasks calling a service that is safe to repeat."""

from celery import shared_task

from linkwork.audit import retention


@shared_task(name="audit.anonymise_due_patients")
def anonymise_due_patients() -> int:
    """Anonymise closed patient records past the retention period (Celery beat, daily)."""
    return retention.patients_anonymise_due()

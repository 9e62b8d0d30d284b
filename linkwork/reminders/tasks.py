"""Thin tasks: each takes ids (or nothing) and calls a service that is safe to repeat."""

from celery import shared_task

from linkwork.reminders import services


@shared_task(name="reminders.scan")
def scan_reminders() -> int:
    """Record the reminders that apply now and enqueue their delivery (Celery beat)."""
    return len(services.reminders_scan().recorded)


@shared_task(name="reminders.deliver")
def deliver_reminders(reminder_ids: list[str]) -> int:
    """Deliver a batch of recorded reminders; each is sent at most once whatever happens."""
    delivered = 0
    for reminder_id in reminder_ids:
        if services.reminder_deliver(reminder_id=reminder_id) is not None:
            delivered += 1
    return delivered


@shared_task(name="reminders.sweep")
def sweep_reminders() -> int:
    """Re-drive reminders whose delivery was lost or is due for a retry (Celery beat)."""
    return len(services.reminders_sweep())

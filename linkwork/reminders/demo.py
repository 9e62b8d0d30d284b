"""Demo reminders: the scan runs once over the demo deadlines and referrals, and what it
records is delivered at once, so the demo people find notifications under the bell. Running it
again adds nothing (each reminder is recorded once)."""

from linkwork.reminders import services


def seed(people) -> None:
    for reminder_id in services.reminders_scan(enqueue=False).recorded:
        services.reminder_deliver(reminder_id=reminder_id)

"""The reminders' erasure step: the patient's initials and typed labels leave reminder subjects
and notification titles; the rows and what they count stay."""

import pytest

from linkwork.reminders import retention
from linkwork.reminders.models import Notification, Reminder, ReminderTopic
from tests.factories.appeals import AppealCaseFactory, DeadlineFactory
from tests.factories.referrals import ReferralFactory
from tests.factories.reminders import NotificationFactory, ReminderFactory


@pytest.mark.django_db
def test_step_rewrites_subjects_and_titles_of_the_patients_reminders_only(world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    deadline = DeadlineFactory(case=case, label="Ring Priya")
    reminder = ReminderFactory(deadline=deadline, subject="P.S.: Ring Priya")
    NotificationFactory(reminder=reminder, recipient=reminder.recipient, title="P.S.: Ring Priya")
    referral = ReferralFactory(patient=world.patient)
    first_contact = ReminderFactory(
        deadline=None,
        referral=referral,
        topic=ReminderTopic.FIRST_CONTACT,
        due=referral.first_contact_due,
        subject="P.S.: First contact",
        recipient=world.link_worker,
        link="/referrals/",
    )
    other = ReminderFactory(subject="K.L.: Task")

    erased, history_deleted = retention.erase_for_patient(world.patient)

    assert Reminder.objects.get(pk=reminder.pk).subject == "Anonymised record: Task"
    assert Notification.objects.get(reminder=reminder).title == "Anonymised record: Task"
    assert Reminder.objects.get(pk=first_contact.pk).subject == (
        "Anonymised record: First contact with a referred patient"
    )
    assert Reminder.objects.get(pk=other.pk).subject == "K.L.: Task"
    assert erased == {
        "reminders.Reminder": {"rows": 2, "fields": ["subject"]},
        "reminders.Notification": {"rows": 1, "fields": ["title"]},
    }
    assert history_deleted == 0


@pytest.mark.django_db
def test_step_does_nothing_without_reminders(world):
    assert retention.erase_for_patient(world.patient) == ({}, 0)

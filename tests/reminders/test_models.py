"""Reminder topics follow the appeal deadline kinds."""

from appeals.models import DeadlineKind
from linkwork.reminders.models import ReminderTopic


def test_every_deadline_kind_is_a_topic_with_the_same_label():
    assert {(k.value, k.label) for k in DeadlineKind} <= set(ReminderTopic.choices)
    assert set(ReminderTopic.values) - set(DeadlineKind.values) == {ReminderTopic.FIRST_CONTACT}

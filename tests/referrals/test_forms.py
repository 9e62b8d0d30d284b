"""The intake form's practice choices: only the practices the user may pick."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.accounts.models import Practice
from referrals.forms import ReferralIntakeForm
from tests.referrals.test_views import intake

pytestmark = pytest.mark.django_db


def test_practices_chosen_are_read_from_the_users_list(world):
    form = ReferralIntakeForm(
        intake(world, source="self", referring_practice=world.other_practice.pk),
        user=world.link_worker,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["practice"] == world.practice
    assert form.cleaned_data["referring_practice"] == world.other_practice


@pytest.mark.parametrize("value", ["outside_practice", "garbled"])
@pytest.mark.parametrize("field", ["practice", "referring_practice"])
def test_a_practice_not_in_the_list_is_refused(world, field, value):
    chosen = world.outside_practice.pk if value == "outside_practice" else "not-a-practice"
    form = ReferralIntakeForm(intake(world, **{field: chosen}), user=world.link_worker)
    assert not form.is_valid()
    assert form.errors[field] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_the_registered_and_referring_practice_share_one_read(world):
    form = ReferralIntakeForm(
        intake(world, source="self", referring_practice=world.other_practice.pk),
        user=world.link_worker,
    )
    table = Practice._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert form.is_valid(), form.errors
    assert sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries) == 1

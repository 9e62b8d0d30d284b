"""The navigation bar: one reports entry, shown to whoever has a report scope and named for
what it covers."""

import pytest
from django.urls import reverse

from linkwork.navigation import items_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "label"),
    [
        ("manager", "Reports"),
        ("administrator", "Reports"),
        ("link_worker", "My figures"),
        ("gp", "Practice summary"),
    ],
)
def test_each_role_sees_one_reports_entry_named_for_its_scope(world, persona, label):
    reports = reverse("reports:index")
    entries = [
        item["label"] for item in items_for(world.personas()[persona]) if item["url"] == reports
    ]
    assert entries == [label]


def test_a_user_without_a_role_sees_no_reports_entry(world):
    user = world.link_worker
    user.role = ""
    reports = reverse("reports:index")
    assert reports not in {item["url"] for item in items_for(user)}

"""The patient timeline and the registry other apps use to add entries to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patients import timeline
from patients.timeline import TimelineEntry, at_start_of, timeline_for, timeline_source
from tests.factories import ContactFactory, GPMessageFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_source():
    """A source registered the way another app (e.g. appeals) would, removed afterwards."""

    def appeal_entries(patient, user):
        yield TimelineEntry(
            at=at_start_of(datetime.date(2026, 6, 1)), kind="appeal", title="PIP appeal lodged"
        )

    timeline_source(appeal_entries)
    yield appeal_entries
    timeline._SOURCES.remove(appeal_entries)


def test_another_app_can_add_entries_to_the_patient_page(world, client, extra_source):
    client.force_login(world.link_worker)
    response = client.get(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    assert "PIP appeal lodged" in response.text
    assert [e.kind for e in response.context["timeline"]] == ["appeal"]


def test_registering_a_source_twice_adds_it_once(extra_source):
    timeline_source(extra_source)
    assert timeline.registered_sources().count(extra_source) == 1


def test_entries_from_all_sources_are_merged_newest_first(world, extra_source):
    ContactFactory(patient=world.patient, at=timezone.now() - datetime.timedelta(days=1))
    ReferralFactory(patient=world.patient, received_on=datetime.date(2026, 1, 10))
    kinds = [e.kind for e in timeline_for(world.patient, world.link_worker)]
    assert kinds == ["contact", "appeal", "referral"]


def test_gp_gets_no_contact_consent_need_or_measure_entries(world):
    ContactFactory(patient=world.patient, notes="private")
    ReferralFactory(patient=world.patient)
    kinds = {e.kind for e in timeline_for(world.patient, world.gp)}
    assert kinds == {"referral"}


def test_timeline_query_count_does_not_grow_with_entries(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.link_worker)
    url = reverse("patients:detail", kwargs={"pk": world.patient.pk})
    # One of each, so that every prefetch runs (an empty prefetch makes no query).
    ContactFactory(patient=world.patient)
    GPMessageFactory(referral__patient=world.patient)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    ContactFactory.create_batch(15, patient=world.patient)
    GPMessageFactory.create_batch(3, referral__patient=world.patient)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)

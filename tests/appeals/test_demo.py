from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from appeals.models import AppealCase, DeadlineKind, DeadlineStatus, Outcome, Stage, StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", force=True)


def test_demo_has_a_case_at_every_stage(seeded):
    assert set(AppealCase.objects.values_list("stage", flat=True)) == set(Stage.values)


def test_demo_is_idempotent(seeded):
    counts = (AppealCase.objects.count(), StageChange.objects.count())
    call_command("seed_demo", force=True)
    assert (AppealCase.objects.count(), StageChange.objects.count()) == counts


def test_demo_tells_the_motability_story_won_after_about_three_months(seeded):
    story = AppealCase.objects.get(tribunal_reference="SC242/25/04117")
    assert story.motability_customer
    assert story.outcome == Outcome.IN_FAVOUR
    assert 80 <= (story.outcome_date - story.decision_date).days <= 100
    motability = story.deadlines.get(kind=DeadlineKind.MOTABILITY_RETURN)
    assert motability.status == DeadlineStatus.WAIVED
    assert story.arrears > 0
    assert story.annual_gain > 0
    assert story.pip_choices
    decided = story.stage_changes.get(to_stage=Stage.DECIDED)
    assert timezone.localdate(decided.at) == story.outcome_date + timedelta(days=1)


def test_demo_cases_pages_render_for_their_holder(client, seeded):
    for case in AppealCase.objects.select_related("holder"):
        client.force_login(case.holder)
        response = client.get(reverse("appeals:case_detail", kwargs={"pk": case.pk}))
        assert response.status_code == 200, case.stage

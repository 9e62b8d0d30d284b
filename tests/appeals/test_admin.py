from decimal import Decimal

import pytest
from django.urls import reverse

from appeals.models import BenefitRate, ComponentAward
from appeals.services import case_update
from appeals.statements.models import (
    NotificationReason,
    StatementNotification,
    StatementStatus,
    SupportStatement,
)
from tests.factories import AppealCaseFactory, DeadlineFactory, SupportStatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.administrator)
    return client


def test_pip_rates_for_two_tax_years_are_seeded():
    assert BenefitRate.objects.filter(benefit="pip").count() == 8
    assert BenefitRate.objects.get(
        component="mobility", rate="enhanced", valid_from="2025-04-06"
    ).weekly_amount == Decimal("77.05")


@pytest.mark.parametrize(
    "name",
    [
        "appeals_appealcase_changelist",
        "appeals_deadline_changelist",
        "appeals_benefitrate_changelist",
        "appeals_casenote_changelist",
    ],
)
def test_admin_lists_open_with_search_and_filters(admin_client, world, name):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    DeadlineFactory(case=case)
    response = admin_client.get(reverse(f"admin:{name}"), {"q": "SC"})
    assert response.status_code == 200


def test_case_change_page_opens_for_an_administrator(admin_client, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    response = admin_client.get(reverse("admin:appeals_appealcase_change", args=[case.pk]))
    assert response.status_code == 200


def test_saving_a_rate_in_admin_works_out_the_money_again(admin_client, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    case = case_update(
        case=case,
        by=world.link_worker,
        version=case.version,
        data={"mobility_before": ComponentAward.NONE},
    )
    rate = BenefitRate.objects.filter(component="daily_living", rate="standard").latest(
        "valid_from"
    )
    before = case.weekly_before
    response = admin_client.post(
        reverse("admin:appeals_benefitrate_change", args=[rate.pk]),
        {
            "benefit": rate.benefit,
            "component": rate.component,
            "rate": rate.rate,
            "valid_from": rate.valid_from.isoformat(),
            "weekly_amount": "80.00",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert before == rate.weekly_amount
    assert case.weekly_before == Decimal("80.00")


def test_cases_and_deadlines_are_read_only_in_admin(admin_client, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    response = admin_client.post(
        reverse("admin:appeals_appealcase_change", args=[case.pk]),
        {"holder": world.link_worker_not_holding.pk},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.holder == world.link_worker
    deadline = case.deadlines.first()
    response = admin_client.post(
        reverse("admin:appeals_deadline_delete", args=[deadline.pk]), {"post": "yes"}
    )
    assert response.status_code == 403


def test_statements_and_their_emails_are_read_only_in_admin(admin_client, world):
    statement = SupportStatementFactory(case__patient=world.patient, draft=True)
    notification = StatementNotification.objects.create(
        statement=statement, reason=NotificationReason.REQUEST, recipients=["gp@example.org"]
    )
    for model, obj in [
        ("statements_supportstatement", statement),
        ("statements_statementnotification", notification),
    ]:
        assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 403, model
        change = admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))
        assert change.status_code == 200, model
        assert not change.context["has_change_permission"], model
        assert not change.context["has_delete_permission"], model
        assert 'name="_save"' not in change.text, model
        delete = admin_client.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"})
        assert delete.status_code == 403, model
    response = admin_client.post(
        reverse("admin:statements_supportstatement_change", args=[statement.pk]),
        {"status": StatementStatus.WITHDRAWN},
    )
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.status != StatementStatus.WITHDRAWN
    assert SupportStatement.objects.filter(pk=statement.pk).exists()
    assert StatementNotification.objects.filter(pk=notification.pk).exists()

"""Anonymising a patient erases their story from every app: after ``patient_anonymise`` no
text column of any table (history tables included) holds the patient's name, initials or any
note written about them, while the rows, statuses, dates and amounts that reports count stay."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q

from appeals.models import AppealCase, CaseNote, Deadline, StageChange
from appeals.statements.models import StatementStatus, SupportStatement
from linkwork.audit import retention
from linkwork.reminders.models import Notification, Reminder
from patients.models import Patient, PatientStatus
from referrals.models import GPMessage, Referral, ReferralTransition
from tests.audit.story import SECRETS, story_patient
from tests.factories.appeals import AppealCaseFactory, DeadlineFactory
from tests.factories.patients import PatientFactory
from tests.factories.referrals import ReferralFactory


def text_columns(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def rows_holding_secrets() -> dict[str, int]:
    """Every table of every app, every text column, searched for every secret."""
    found = {}
    for model in apps.get_models():
        columns = text_columns(model)
        if not columns or not model._meta.managed:
            continue
        query = Q()
        for column in columns:
            for secret in SECRETS:
                query |= Q(**{f"{column}__icontains": secret})
        count = model._base_manager.filter(query).count()
        if count:
            found[model._meta.label] = count
    return found


def counted_figures() -> dict:
    """What reports count: rows, statuses, kinds, dates and amounts."""
    return {
        "referrals": list(
            Referral.objects.values_list("status", "source", "received_on", "reasons")
        ),
        "transitions": list(ReferralTransition.objects.values_list("from_status", "to_status")),
        "messages": GPMessage.objects.count(),
        "cases": list(
            AppealCase.objects.values_list("stage", "outcome", "weekly_decided", "annual_gain")
        ),
        "stage_changes": StageChange.objects.count(),
        "notes": CaseNote.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("kind", "due", "status")),
        "statements": sorted(
            SupportStatement.objects.values_list("kind", "status", "signer_name", "signed_at")
        ),
        "reminders": sorted(Reminder.objects.values_list("topic", "step", "due", "status")),
        "notifications": Notification.objects.count(),
    }


@pytest.mark.django_db
def test_no_trace_of_the_patient_survives_in_any_table(world):
    patient = story_patient(world)
    before = rows_holding_secrets()
    for label in (
        "patients.Patient",
        "referrals.Referral",
        "referrals.HistoricalReferral",
        "referrals.GPMessage",
        "appeals.AppealCase",
        "appeals.CaseNote",
        "appeals.Deadline",
        "statements.SupportStatement",
        "statements.HistoricalSupportStatement",
        "reminders.Reminder",
        "reminders.Notification",
    ):
        assert label in before, label  # the search finds what the story seeded

    retention.patient_anonymise(patient=patient)

    assert rows_holding_secrets() == {}


@pytest.mark.django_db
def test_anonymising_keeps_every_figure_reports_count(world):
    patient = story_patient(world)
    before = counted_figures()
    retention.patient_anonymise(patient=patient)
    assert counted_figures() == before
    assert SupportStatement.objects.filter(status=StatementStatus.SIGNED).count() == 1


@pytest.mark.django_db
def test_the_erasure_record_lists_each_app_and_leaves_nothing_unexamined(world):
    erasure = retention.patient_anonymise(patient=story_patient(world))
    for label in (
        "referrals.Referral",
        "referrals.ReferralTransition",
        "referrals.GPMessage",
        "appeals.AppealCase",
        "appeals.StageChange",
        "appeals.CaseNote",
        "appeals.Deadline",
        "statements.SupportStatement",
        "reminders.Reminder",
        "reminders.Notification",
    ):
        assert erasure.erased[label]["rows"] >= 1, label
    assert erasure.erased["appeals.Deadline"]["fields"] == ["label", "status_reason"]
    assert erasure.kept == {}
    assert erasure.history_rows_deleted >= 8


@pytest.mark.django_db
def test_a_patient_with_no_rows_elsewhere_is_anonymised_the_same(world):
    patient = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    erasure = retention.patient_anonymise(patient=patient)
    assert set(erasure.erased) == {"patients.Patient"}
    assert Patient.objects.get(pk=patient.pk).given_name == "Anonymised"


@pytest.mark.django_db
def test_other_patients_keep_their_text(world):
    patient = story_patient(world)
    other_case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, decision_summary="Other story"
    )
    other_referral = ReferralFactory(patient=world.patient, reason_text="Other reason")
    other_task = DeadlineFactory(case=other_case, label="Other task")
    retention.patient_anonymise(patient=patient)
    assert AppealCase.objects.get(pk=other_case.pk).decision_summary == "Other story"
    assert Referral.objects.get(pk=other_referral.pk).reason_text == "Other reason"
    assert Deadline.objects.get(pk=other_task.pk).label == "Other task"
    assert AppealCase.history.filter(id=other_case.pk).exists()

"""A patient's letters go when their record is anonymised: rows, history and PDF files."""

import pytest

from appeals.letters.models import EvidenceLetter
from appeals.letters.retention import erase_for_patient
from linkwork.audit.retention import patient_anonymise
from patients.models import Patient, PatientStatus
from tests.factories import AppealCaseFactory, EvidenceLetterFactory

pytestmark = pytest.mark.django_db


def test_erasing_deletes_the_patients_letters_history_and_files(
    world, letter_case, django_capture_on_commit_callbacks
):
    ready = EvidenceLetterFactory(case=letter_case, ready=True, grounds="Private story.")
    EvidenceLetterFactory(case=letter_case, failed=True)
    other_case = AppealCaseFactory()
    kept = EvidenceLetterFactory(case=other_case, ready=True)
    storage = ready.file.storage
    assert storage.exists(ready.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        erased, history_deleted = erase_for_patient(world.patient)

    assert erased == {
        "letters.EvidenceLetter": {
            "rows": 2,
            "fields": ["file", "content", "grounds", "awarded_points", "statements"],
        }
    }
    assert history_deleted >= 4  # a creation and a deletion row for each letter
    assert list(EvidenceLetter.objects.all()) == [kept]
    assert not EvidenceLetter.history.filter(case_id=letter_case.pk).exists()
    assert not storage.exists(ready.file.name)
    assert storage.exists(kept.file.name)


def test_erasing_a_patient_without_letters_does_nothing(world):
    assert erase_for_patient(world.patient) == ({}, 0)


def test_anonymising_a_closed_patient_erases_their_letters(
    world, letter_case, django_capture_on_commit_callbacks
):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    Patient.objects.filter(pk=world.patient.pk).update(status=PatientStatus.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        erasure = patient_anonymise(patient=world.patient)
    assert not EvidenceLetter.objects.filter(pk=letter.pk).exists()
    assert erasure.erased["letters.EvidenceLetter"]["rows"] == 1
    assert not letter.file.storage.exists(letter.file.name)

import datetime

import factory
from django.utils import timezone

from appeals.models import AppealCase, Benefit, CaseNote, ComponentAward, Deadline, DeadlineKind
from appeals.services import deadlines_recompute
from tests.factories.accounts import LinkWorkerFactory
from tests.factories.patients import PatientFactory


class AppealCaseFactory(factory.django.DjangoModelFactory):
    """A PIP case at "Decision received" whose computed deadlines are in place."""

    class Meta:
        model = AppealCase
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    holder = factory.LazyAttribute(
        lambda case: case.patient.holder or LinkWorkerFactory(service=case.patient.practice.service)
    )
    benefit = Benefit.PIP
    daily_living_before = ComponentAward.STANDARD
    mobility_before = ComponentAward.ENHANCED
    daily_living_decided = ComponentAward.NONE
    mobility_decided = ComponentAward.NONE
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))

    @factory.post_generation
    def deadlines(self, create, extracted, **kwargs):
        if create:
            deadlines_recompute(case=self)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    case = factory.SubFactory(AppealCaseFactory)
    kind = DeadlineKind.TASK
    label = "Chase GP letter"
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(AppealCaseFactory)
    author = factory.LazyAttribute(lambda note: note.case.holder)
    text = "Spoke to the patient about the decision letter."

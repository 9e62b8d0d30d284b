import datetime

import factory
from django.utils import timezone

from appeals.models import Deadline, DeadlineKind
from appeals.statements.content import content_hash
from appeals.statements.models import StatementKind, StatementStatus, SupportStatement
from tests.factories.appeals import AppealCaseFactory


def _deadline(statement) -> Deadline:
    return Deadline.objects.create(
        case=statement.case,
        kind=DeadlineKind.STATEMENT,
        label="GP statement",
        due=timezone.localdate() + datetime.timedelta(days=14),
    )


class SupportStatementFactory(factory.django.DjangoModelFactory):
    """A GP statement requested of the patient's practice, due in 14 days.

    Traits: ``draft`` (content written), ``signed`` (signed by ``signer``, hash set),
    ``link_worker`` (the link worker's own draft)."""

    class Meta:
        model = SupportStatement
        skip_postgeneration_save = True

    case = factory.SubFactory(AppealCaseFactory)
    kind = StatementKind.GP
    status = StatementStatus.REQUESTED
    requested_by = factory.LazyAttribute(lambda s: s.case.holder)
    requested_of_practice = factory.LazyAttribute(lambda s: s.case.patient.practice)
    request_message = "Please describe how the conditions affect daily living."
    deadline = factory.LazyAttribute(_deadline)

    class Params:
        draft = factory.Trait(
            status=StatementStatus.DRAFT,
            conditions="Fibromyalgia; depression.",
            duration="Since 2019; expected to last.",
            treatment="Pregabalin, sertraline.",
            activity_impacts={
                "preparing_food": {"how_often": "Most days", "help": "Needs prompting"}
            },
            statement="Pain limits standing to a few minutes.",
        )
        link_worker = factory.Trait(
            kind=StatementKind.LINK_WORKER,
            status=StatementStatus.DRAFT,
            requested_of_practice=None,
            deadline=None,
            request_message="",
            statement="I have supported the patient since March.",
        )


class SignedStatementFactory(SupportStatementFactory):
    """A signed GP statement (``signer`` defaults to a GP of the patient's practice)."""

    status = StatementStatus.SIGNED
    deadline = None
    conditions = "Fibromyalgia; depression."
    statement = "Pain limits standing to a few minutes."
    signer_name = factory.LazyAttribute(lambda s: s.signed_by.get_full_name())
    signer_registration = factory.LazyAttribute(lambda s: s.signed_by.professional_registration)
    signed_at = factory.LazyFunction(timezone.now)
    signed_by = factory.SubFactory(
        "tests.factories.accounts.GPFactory",
        practice=factory.SelfAttribute("..case.patient.practice"),
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Hash the content before the one save a signed row gets."""
        statement = model_class(*args, **kwargs)
        statement.content_hash = content_hash(statement)
        statement.save()
        return statement

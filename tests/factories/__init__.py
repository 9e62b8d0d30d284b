"""factory-boy factories, one module per app; import them from here."""

from tests.factories.accounts import (
    GPFactory,
    LinkWorkerFactory,
    ManagerFactory,
    PracticeFactory,
    ServiceFactory,
    UserFactory,
)
from tests.factories.appeals import AppealCaseFactory, CaseNoteFactory, DeadlineFactory
from tests.factories.letters import EvidenceLetterFactory
from tests.factories.patients import (
    ConsentFactory,
    ContactFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    PatientFactory,
    SupportOfferFactory,
)
from tests.factories.referrals import GPMessageFactory, ReferralFactory
from tests.factories.reminders import (
    NotificationFactory,
    ReminderFactory,
    ReminderPreferenceFactory,
)
from tests.factories.statements import SignedStatementFactory, SupportStatementFactory

__all__ = [
    "AppealCaseFactory",
    "CaseNoteFactory",
    "ConsentFactory",
    "ContactFactory",
    "DeadlineFactory",
    "EvidenceLetterFactory",
    "GPFactory",
    "GPMessageFactory",
    "LinkWorkerFactory",
    "ManagerFactory",
    "NeedFactory",
    "NotificationFactory",
    "OutcomeMeasureFactory",
    "PatientFactory",
    "PracticeFactory",
    "ReferralFactory",
    "ReminderFactory",
    "ReminderPreferenceFactory",
    "ServiceFactory",
    "SignedStatementFactory",
    "SupportOfferFactory",
    "SupportStatementFactory",
    "UserFactory",
]

"""A patient whose story is in every app: a closed record with a contact, a referral (with a
status change, a message back to the GP and a first-contact reminder), an appeal case (stage
change, note, a typed task deadline with a reminder and notification, a waived deadline), a
draft and a signed support statement, an evidence letter; consent, need, support offer and
outcome measure. Every piece of text holds one of ``SECRETS``."""

from decimal import Decimal

from appeals.models import DeadlineStatus, StageChange
from patients.models import Patient, PatientStatus
from referrals.models import ReferralStatus, ReferralTransition
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
from tests.factories.reminders import NotificationFactory, ReminderFactory
from tests.factories.statements import SignedStatementFactory, SupportStatementFactory

# Words found nowhere else: each marks a piece of the patient's identity or story.
SECRETS = ["Zebedee", "Quarrington", "Z.Q.", "Brindlewood", "Marrowfat", "Tollervey"]
STORY = "Zebedee Quarrington told us about Brindlewood Marrowfat and Tollervey"


def story_patient(world) -> Patient:
    """A closed patient with rows in every app, each holding the patient's story."""
    patient = PatientFactory(
        practice=world.practice,
        holder=world.link_worker,
        given_name="Zebedee",
        family_name="Quarrington",
        preferred_name="Zeb Quarrington",
    )
    ContactFactory(patient=patient, notes=STORY)
    ConsentFactory(patient=patient, note=STORY)
    NeedFactory(patient=patient, detail=STORY)
    SupportOfferFactory(patient=patient, notes=STORY)
    OutcomeMeasureFactory(patient=patient)
    referral = ReferralFactory(
        patient=patient,
        referrer_name="Brindlewood Quarrington (son)",
        reason_text=STORY,
        created_by=world.link_worker,
    )
    referral.reason_text = f"{STORY}, edited"
    referral.save()  # a history row with the old text
    ReferralTransition.objects.create(
        referral=referral,
        from_status=ReferralStatus.RECEIVED,
        to_status=ReferralStatus.ACCEPTED,
        by=world.link_worker,
        note=STORY,
    )
    GPMessageFactory(referral=referral, summary=STORY, sent_by=world.link_worker)

    case = AppealCaseFactory(
        patient=patient,
        holder=world.link_worker,
        decision_summary=STORY,
        tribunal_reference="SC242/25/Tollervey",
        closed_reason="Marrowfat moved away",
        weekly_decided=Decimal("73.90"),
        annual_gain=Decimal("3842.80"),
    )
    case.decision_summary = f"{STORY} (corrected)"
    case.save()
    StageChange.objects.create(
        case=case, from_stage=case.stage, to_stage=case.stage, by=world.link_worker, reason=STORY
    )
    CaseNoteFactory(case=case, text=STORY)
    task = DeadlineFactory(case=case, label="Call Brindlewood about Zebedee's hearing")
    waived = DeadlineFactory(
        case=case,
        label="Ask Tollervey for the diary",
        status=DeadlineStatus.WAIVED,
        status_reason="Marrowfat already sent it",
    )
    SupportStatementFactory(
        case=case,
        draft=True,
        request_message=STORY,
        conditions=STORY,
        activity_impacts={"preparing_food": {"how_often": STORY}},
    )
    SignedStatementFactory(
        case=case,
        maker_name="Brindlewood Quarrington",
        maker_relationship="son",
        conditions=STORY,
        treatment=STORY,
        statement=STORY,
    )
    EvidenceLetterFactory(case=case, grounds=STORY, content={"story": STORY})
    reminder = ReminderFactory(
        deadline=task, recipient=world.link_worker, subject="Z.Q.: Call Brindlewood"
    )
    NotificationFactory(
        recipient=world.link_worker, reminder=reminder, title="Z.Q.: Call Brindlewood, due"
    )
    ReminderFactory(
        deadline=None,
        referral=referral,
        topic="first_contact",
        due=referral.first_contact_due,
        recipient=world.link_worker,
        subject="Z.Q.: First contact",
        link="/referrals/",
    )
    assert waived.status == DeadlineStatus.WAIVED
    Patient.objects.filter(pk=patient.pk).update(status=PatientStatus.CLOSED)
    return Patient.objects.get(pk=patient.pk)

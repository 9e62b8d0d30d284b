"""The permission policy: who may see and do what. Every view asks here.

Two kinds of answer:

* **Scoped querysets** (``patients_visible_to(user)``): the rows a user may see at all. Views
  fetch through them (``get_object_or_404(patients_visible_to(request.user), pk=pk)``), so an
  object outside the user's scope is a 404 and its existence is never revealed.
* **Predicates** (``can_edit_patient(user, patient)``): whether a user may change a row they can
  see. A visible object the user may not change is a 403.

Deny by default: a role not named in a function sees nothing and may do nothing.

Scope by role:

* link worker: the patients of the practices their service covers;
* manager: the same as a link worker of their service, plus the service's reports;
* GP: the patients registered at their own practice, and only the parts of a record the
  domain views choose to show a GP (never contact notes);
* administrator: everything (the Django admin is theirs alone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from linkwork.accounts.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from appeals.letters.models import EvidenceLetter
    from appeals.models import AppealCase
    from appeals.statements.models import SupportStatement
    from linkwork.accounts.models import User
    from linkwork.audit.models import AuditEvent
    from linkwork.reports.scope import ReportScope
    from patients.models import Patient
    from referrals.models import Referral


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_service_staff(user: User | AnonymousUser) -> bool:
    """A link worker or manager of a service."""
    return _active(user) and user.role in (Role.LINK_WORKER, Role.MANAGER)


def is_link_worker(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role == Role.LINK_WORKER


def is_manager(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role == Role.MANAGER


def is_gp(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role == Role.GP


def is_administrator(user: User | AnonymousUser) -> bool:
    return _active(user) and user.role == Role.ADMINISTRATOR


def can_use_admin_site(user: User | AnonymousUser) -> bool:
    return is_administrator(user) and user.is_staff


#: A condition no row meets.
NOTHING = Q(pk__in=[])


def patient_condition(user: User | AnonymousUser, path: str = "") -> Q:
    """The patients the user may open, as a condition on the patient reached by ``path``
    (``"patient__"`` from a referral, need or support offer). Filtering a list by it joins the
    patient's practice, where ``pk__in=patients_visible_to(user)`` would read every visible
    patient again for each page."""
    if is_service_staff(user):
        return Q(**{f"{path}practice__service_id": user.service_id})
    if is_gp(user):
        return Q(**{f"{path}practice_id": user.practice_id})
    if is_administrator(user):
        return Q()
    return NOTHING


def patients_visible_to(user: User | AnonymousUser) -> QuerySet[Patient]:
    """Patients the user may open."""
    from patients.models import Patient

    return Patient.objects.filter(patient_condition(user))


def can_edit_patient(user: User | AnonymousUser, patient: Patient) -> bool:
    """The holder of the case, any link worker of the service while nobody holds it, and the
    service's managers may change a patient's record."""
    if is_administrator(user):
        return True
    if not is_service_staff(user) or patient.practice.service_id != user.service_id:
        return False
    return is_manager(user) or patient.holder_id in (None, user.pk)


def can_see_contact_notes(user: User | AnonymousUser) -> bool:
    """Contact notes are for the service, never for GPs."""
    return is_service_staff(user) or is_administrator(user)


def can_view_caseload(user: User | AnonymousUser) -> bool:
    """The caseload and patient lists are for the service (and administrators)."""
    return is_service_staff(user) or is_administrator(user)


def can_reassign_patient(user: User | AnonymousUser, patient: Patient) -> bool:
    """Managers of the patient's service and the link worker who holds the case may hand it to
    another link worker."""
    if is_administrator(user):
        return True
    if not is_service_staff(user) or patient.practice.service_id != user.service_id:
        return False
    return is_manager(user) or patient.holder_id == user.pk


def may_share_with_third_parties(patient: Patient, organisation: str = "") -> bool:
    """Whether the patient's recorded consent lets the service share their information outside
    it: consent to hold their data is in force and consent to share is in force (with the named
    organisation, when one is given; with any organisation otherwise). Letters and other sharing
    actions must refuse when this is false."""
    from patients.selectors import consent_state

    return consent_state(patient).may_share_with(organisation)


def referrals_visible_to(user: User | AnonymousUser) -> QuerySet[Referral]:
    """Referrals the user may open: those of the patients the user may open."""
    from referrals.models import Referral

    return Referral.objects.filter(patient_condition(user, "patient__"))


def can_view_referrals(user: User | AnonymousUser) -> bool:
    return is_service_staff(user) or is_gp(user) or is_administrator(user)


def can_create_referral(user: User | AnonymousUser) -> bool:
    """Link workers, managers and administrators take referrals in (on behalf of a GP, too)."""
    return is_service_staff(user) or is_administrator(user)


def can_edit_referral(user: User | AnonymousUser, referral: Referral) -> bool:
    """Whoever may change the patient's record may move their referral along."""
    return can_edit_patient(user, referral.patient)


def can_use_appeals(user: User | AnonymousUser) -> bool:
    """Appeal cases are for the service's link workers and managers; GPs see them only through
    a statement request addressed to them."""
    return is_service_staff(user)


def case_condition(user: User | AnonymousUser, path: str = "") -> Q:
    """The appeal cases the user may open, those of the patients of the user's service, as a
    condition on the case reached by ``path`` (``"case__"`` from a deadline)."""
    if is_service_staff(user):
        return Q(**{f"{path}patient__practice__service_id": user.service_id})
    return NOTHING


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[AppealCase]:
    """Appeal cases the user may open: those of the patients of the user's service."""
    from appeals.models import AppealCase

    return AppealCase.objects.filter(case_condition(user))


def can_open_case(user: User | AnonymousUser, patient: Patient) -> bool:
    """Any link worker or manager of the patient's service may open an appeal case, unless the
    patient is closed (anonymised patients included)."""
    return (
        is_service_staff(user)
        and patient.practice.service_id == user.service_id
        and not patient.is_closed
    )


def can_edit_case(user: User | AnonymousUser, case: AppealCase) -> bool:
    """The link worker who holds the appeal and the service's managers may change it."""
    if not is_service_staff(user) or case.patient.practice.service_id != user.service_id:
        return False
    return is_manager(user) or case.holder_id == user.pk


def statements_visible_to(user: User | AnonymousUser) -> QuerySet[SupportStatement]:
    """Supporting statements the user may open. Service staff: every statement on the cases of
    their service. A GP: only GP statements addressed to them, or to their practice with no
    GP named, and those they signed; never link-worker or carer statements."""
    from django.db.models import Q

    from appeals.statements.models import StatementKind, SupportStatement

    if is_service_staff(user):
        return SupportStatement.objects.filter(case__in=cases_visible_to(user))
    if is_gp(user):
        return SupportStatement.objects.filter(kind=StatementKind.GP).filter(
            Q(requested_of_user=user)
            | Q(requested_of_user__isnull=True, requested_of_practice_id=user.practice_id)
            | Q(signed_by=user)
        )
    return SupportStatement.objects.none()


def can_request_statement(user: User | AnonymousUser, case: AppealCase) -> bool:
    """Whoever may change the case may ask a GP for a statement or add their own."""
    return can_edit_case(user, case)


def _addressed_to(user: User | AnonymousUser, statement: SupportStatement) -> bool:
    if not is_gp(user):
        return False
    if statement.requested_of_user_id:
        return statement.requested_of_user_id == user.pk
    return statement.requested_of_practice_id == user.practice_id


def can_write_statement(user: User | AnonymousUser, statement: SupportStatement) -> bool:
    """An open GP statement is written (and declined) by the GP it is addressed to (any GP of
    the practice when none is named); a link-worker or carer statement by whoever may change
    the case. Signed, declined and withdrawn statements are written by nobody."""
    if not statement.is_open:
        return False
    if statement.is_gp_statement:
        return _addressed_to(user, statement)
    return can_edit_case(user, statement.case)


def can_manage_statement_request(user: User | AnonymousUser, statement: SupportStatement) -> bool:
    """Chasing an open GP request (emailing the GP again): whoever may change the case."""
    return statement.is_gp_statement and statement.is_open and can_edit_case(user, statement.case)


def can_withdraw_statement(user: User | AnonymousUser, statement: SupportStatement) -> bool:
    """Whoever may change the case calls off an open request to a GP, or discards an unsigned
    link-worker or carer statement. A GP's own correction is abandoned by the GP instead."""
    if not statement.is_open or not can_edit_case(user, statement.case):
        return False
    return not (statement.is_gp_statement and statement.supersedes_id)


def can_correct_statement(user: User | AnonymousUser, statement: SupportStatement) -> bool:
    """A signed GP statement is corrected by its signer; a link-worker or carer statement by
    whoever may change the case."""
    if not statement.is_signed:
        return False
    if statement.is_gp_statement:
        return is_gp(user) and statement.signed_by_id == user.pk
    return can_edit_case(user, statement.case)


def can_view_audit_log(user: User | AnonymousUser) -> bool:
    """The audit log page: administrators (everything) and managers (their service)."""
    return is_manager(user) or is_administrator(user)


def audit_events_visible_to(user: User | AnonymousUser) -> QuerySet[AuditEvent]:
    """Audit events the user may read: all for administrators; for a manager, the events of
    their service's staff and every event about a patient of their service (whoever acted,
    GPs included)."""
    from django.db.models import Q

    from linkwork.audit.models import AuditEvent
    from patients.models import Patient

    if is_administrator(user):
        return AuditEvent.objects.all()
    if is_manager(user):
        service_patients = Patient.objects.filter(practice__service_id=user.service_id)
        return AuditEvent.objects.filter(
            Q(service_id=user.service_id) | Q(patient_id__in=service_patients.values("pk"))
        )
    return AuditEvent.objects.none()


def can_view_patient_access_log(user: User | AnonymousUser, patient: Patient) -> bool:
    """The "who has accessed this record" list: the link worker who holds the case, the
    managers of the patient's service and administrators. Other link workers and GPs may open
    the patient but not this list (403)."""
    if is_administrator(user):
        return True
    if is_manager(user):
        return patient.practice.service_id == user.service_id
    return is_link_worker(user) and patient.holder_id == user.pk


def report_scope(user: User | AnonymousUser) -> ReportScope | None:
    """What the reports show the user, or None when they have no reports at all.

    Managers see every section for their service; administrators every section for every
    service; a link worker sees the caseload section for their own caseload only ("My
    figures"); a GP sees the referrals and outcomes of their own practice's patients.
    """
    from linkwork.reports.scope import ALL_SECTIONS, GP_SECTIONS, ReportScope

    if is_manager(user):
        return ReportScope(
            title="Service report", sections=ALL_SECTIONS, service_id=user.service_id
        )
    if is_administrator(user):
        return ReportScope(title="Service report", sections=ALL_SECTIONS)
    if is_link_worker(user):
        return ReportScope(
            title="My figures",
            sections=frozenset({"caseload"}),
            service_id=user.service_id,
            worker_id=user.pk,
        )
    if is_gp(user):
        return ReportScope(
            title="Practice summary",
            sections=GP_SECTIONS,
            service_id=user.practice.service_id,
            practice_id=user.practice_id,
        )
    return None


def letters_visible_to(user: User | AnonymousUser) -> QuerySet[EvidenceLetter]:
    """Evidence letters the user may see and download: those of the appeal cases they may
    open (the service's link workers and managers; never GPs)."""
    from appeals.letters.models import EvidenceLetter

    return EvidenceLetter.objects.filter(case__in=cases_visible_to(user))


def can_request_letter(user: User | AnonymousUser, case: AppealCase) -> bool:
    """Whoever may change the appeal case (its holder, the service's managers) may generate
    letters from it and try a failed one again."""
    return can_edit_case(user, case)


def notifications_visible_to(user: User | AnonymousUser) -> QuerySet:
    """In-app notifications (reminders under the bell): each user sees only their own."""
    from linkwork.reminders.models import Notification

    if not _active(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def can_export_subject_access(user: User | AnonymousUser, patient: Patient) -> bool:
    """A subject access request is answered by the service (its managers) or an
    administrator, never by an individual link worker or a GP."""
    if is_administrator(user):
        return True
    return is_manager(user) and patient.practice.service_id == user.service_id

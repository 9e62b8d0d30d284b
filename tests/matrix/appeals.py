"""Matrix rows for the appeal pages. The case belongs to the world's patient (practice A1,
service A) and is held by ``link_worker``. Service staff see cases; GPs and administrators
never do (404 on a case, 403 on the lists); only the holder and managers change a case."""

from tests.matrix import Row

SERVICE_PAGES = {
    "link_worker": 200,
    "link_worker_not_holding": 200,
    "link_worker_other_service": 200,
    "gp": 403,
    "gp_other_practice": 403,
    "manager": 200,
    "manager_other_service": 200,
    "administrator": 403,
}
VIEW_CASE = {"link_worker": 200, "link_worker_not_holding": 200, "manager": 200}
CHANGE_CASE_FORM = {"link_worker": 200, "link_worker_not_holding": 403, "manager": 200}
CHANGE_CASE_POST = {"link_worker": 302, "link_worker_not_holding": 403, "manager": 302}


def case(world):
    """The world's appeal case, made on first use."""
    from tests.factories import AppealCaseFactory  # Django must be set up first

    if not hasattr(world, "appeal_case"):
        world.appeal_case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    return world.appeal_case


def case_kwargs(world) -> dict:
    return {"pk": case(world).pk}


def deadline_kwargs(world) -> dict:
    appeal = case(world)
    return {"pk": appeal.pk, "deadline_id": appeal.deadlines.get(kind="mr").pk}


ROWS = {
    "appeals:case_list": Row(expect=SERVICE_PAGES),
    "appeals:my_deadlines": Row(expect=SERVICE_PAGES),
    "appeals:case_start": Row(expect=SERVICE_PAGES),
    "appeals:case_create": Row(
        expect={
            "link_worker": 200,
            "link_worker_not_holding": 200,
            "gp": 403,
            "manager": 200,
            "administrator": 403,
        },
        kwargs=lambda world: {"patient_id": world.patient.pk},
    ),
    "appeals:case_detail": Row(expect=VIEW_CASE, kwargs=case_kwargs),
    "appeals:pip_estimate": Row(expect=VIEW_CASE, kwargs=case_kwargs),
    "appeals:case_edit": Row(expect=CHANGE_CASE_FORM, kwargs=case_kwargs),
    "appeals:case_transition": Row(
        expect=CHANGE_CASE_FORM,
        kwargs=lambda world: {"pk": case(world).pk, "to": "mr_requested"},
    ),
    "appeals:deadline_add": Row(expect=CHANGE_CASE_FORM, kwargs=case_kwargs),
    "appeals:note_add": Row(
        expect=CHANGE_CASE_POST,
        kwargs=case_kwargs,
        method="post",
        data=lambda world: {"text": "Called the patient."},
    ),
    "appeals:deadline_status": Row(
        expect=CHANGE_CASE_POST,
        kwargs=deadline_kwargs,
        method="post",
        data=lambda world: {"action": "waive", "reason": "Patient decided not to challenge"},
    ),
}

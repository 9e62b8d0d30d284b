"""Matrix rows for the patient pages.

The world's patient is registered at practice A1 (service A) and held by ``link_worker``.
Viewing: the service's staff, the patient's GP and administrators; others get 404. Changing:
the holder, the service's managers and administrators; the GP and a link worker who does not
hold the case get 403.
"""

from tests.factories import NeedFactory, SupportOfferFactory
from tests.matrix import Row, everyone

VIEW = everyone(
    200,
    link_worker_other_service=404,
    gp_other_practice=404,
    manager_other_service=404,
)
CHANGE = everyone(
    200,
    link_worker_not_holding=403,
    link_worker_other_service=404,
    gp=403,
    gp_other_practice=404,
    manager_other_service=404,
)


def patient(world) -> dict:
    return {"pk": world.patient.pk}


def need(world) -> dict:
    item = NeedFactory(patient=world.patient, recorded_by=world.link_worker)
    return {"pk": world.patient.pk, "need_pk": item.pk}


def support(world) -> dict:
    item = SupportOfferFactory(patient=world.patient, recorded_by=world.link_worker)
    return {"pk": world.patient.pk, "support_pk": item.pk}


ROWS = {
    "patients:caseload": Row(expect=everyone(200, gp=403, gp_other_practice=403)),
    "patients:detail": Row(expect=VIEW, kwargs=patient),
    "patients:edit": Row(expect=CHANGE, kwargs=patient),
    "patients:reassign": Row(expect=CHANGE, kwargs=patient),
    "patients:consent_add": Row(expect=CHANGE, kwargs=patient),
    "patients:contact_add": Row(expect=CHANGE, kwargs=patient),
    "patients:need_add": Row(expect=CHANGE, kwargs=patient),
    "patients:need_resolve": Row(expect=CHANGE, kwargs=need),
    "patients:support_add": Row(expect=CHANGE, kwargs=patient),
    "patients:support_edit": Row(expect=CHANGE, kwargs=support),
    "patients:measure_add": Row(expect=CHANGE, kwargs=patient),
}

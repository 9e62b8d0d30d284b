"""Matrix rows for the audit pages: the log (administrators and managers), a patient's
"who has accessed this record" (holder, managers of the service, administrators) and their
subject access download (managers of the service, administrators)."""

from tests.matrix import Row, everyone

ROWS = {
    "audit:log": Row(
        expect=everyone(403, manager=200, manager_other_service=200, administrator=200)
    ),
    "audit:patient_access": Row(
        expect={
            "link_worker": 200,
            "link_worker_not_holding": 403,
            "gp": 403,
            "manager": 200,
            "administrator": 200,
        },
        default=404,
        kwargs=lambda world: {"patient_id": world.patient.pk},
    ),
    "audit:subject_access": Row(
        expect={
            "link_worker": 403,
            "link_worker_not_holding": 403,
            "gp": 403,
            "manager": 200,
            "administrator": 200,
        },
        default=404,
        kwargs=lambda world: {"patient_id": world.patient.pk},
    ),
}

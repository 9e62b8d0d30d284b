"""Every page about one patient's data records who looked: for each URL of the matrix that
takes an object id and shows it (GET, 200) to a persona, the request must add an audit event
naming the patient, and the page must not be cached. A new patient page without
``audit_record`` fails here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from linkwork.audit.models import AuditEvent
from tests.matrix import all_rows

ROWS = all_rows()
# Pages that take an id but show no patient's data.
NOT_PATIENT_DATA = {
    "password_reset_confirm",  # an account token
    "letters:letter_status",  # htmx polling of a letter's kind and status only
}
# Form pages (adding or changing something) show a form, not the record: their saves are
# audited by the services they call.
FORM_SUFFIXES = ("_add", "_edit", "_create", "_resolve", "reassign", "transition", "_form")
VIEWERS = ("link_worker", "manager", "gp", "administrator")


def viewer_for(row) -> str | None:
    """The first persona that may open the page."""
    return next((p for p in VIEWERS if row.status_for(p) == 200), None)


def routes(patterns=None, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every named URL with its full route, e.g. ``{"audit:patient_access": "audit/patients/
    <uuid:patient_id>/"}``."""
    found: dict[str, str] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= routes(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = route
    return found


def patient_pages() -> list[str]:
    """GET pages the viewer may open whose address names an object by UUID."""
    every = routes()
    return sorted(
        name
        for name, row in ROWS.items()
        if name not in NOT_PATIENT_DATA
        and not name.endswith(FORM_SUFFIXES)
        and row.method == "get"
        and not row.public
        and viewer_for(row) is not None
        and "<uuid:" in every.get(name, "")
    )


def test_some_patient_pages_are_checked():
    assert "audit:patient_access" in patient_pages()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", patient_pages())
def test_viewing_a_patients_data_is_audited(url_name, world, client):
    row = ROWS[url_name]
    client.force_login(world.personas()[viewer_for(row)])
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    url = reverse(url_name, kwargs=row.kwargs(world))
    response = client.get(url, row.data(world))
    assert response.status_code == 200
    new = AuditEvent.objects.exclude(pk__in=before)
    assert new.filter(patient_id__isnull=False).exists(), (
        f"{url_name} showed patient data without audit_record(...)"
    )
    assert "no-store" in response["Cache-Control"]

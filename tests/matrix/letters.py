"""Matrix rows for the letter pages. The letters belong to the world's appeal case (patient
at practice A1, service A, held by ``link_worker``). Service staff of service A see and
download them; only the holder and managers generate or retry (403 for another link worker);
everyone else, GPs and administrators included, gets 404."""

from tests.matrix import Row
from tests.matrix.appeals import case

SEE = {"link_worker": 200, "link_worker_not_holding": 200, "manager": 200}
CHANGE_FORM = {"link_worker": 200, "link_worker_not_holding": 403, "manager": 200}
CHANGE_POST = {"link_worker": 302, "link_worker_not_holding": 403, "manager": 302}


def case_kwargs(world) -> dict:
    return {"case_id": case(world).pk}


def ready_letter_kwargs(world) -> dict:
    from tests.factories import EvidenceLetterFactory  # Django must be set up first

    return {"pk": EvidenceLetterFactory(case=case(world), ready=True).pk}


def failed_letter_kwargs(world) -> dict:
    from tests.factories import EvidenceLetterFactory

    return {"pk": EvidenceLetterFactory(case=case(world), failed=True).pk}


ROWS = {
    "letters:case_letters": Row(expect=SEE, kwargs=case_kwargs),
    "letters:letter_create": Row(expect=CHANGE_FORM, kwargs=case_kwargs),
    "letters:letter_status": Row(expect=SEE, kwargs=ready_letter_kwargs),
    "letters:letter_download": Row(expect=SEE, kwargs=ready_letter_kwargs),
    "letters:letter_retry": Row(expect=CHANGE_POST, kwargs=failed_letter_kwargs, method="post"),
}

"""Matrix rows for the statement pages. The statements are on the world's appeal case (the
patient of practice A1, held by ``link_worker``); GP requests are addressed to practice A1, so
``gp`` may write them and ``gp_other_practice`` gets 404. Service staff of service A see every
statement of the case; only the holder and managers ask, chase and withdraw; link workers and
managers never write a GP's statement (403). Administrators use the Django admin (404 here).

``OWN_ROWS`` walk the same pages for a link-worker or carer statement on that case: no GP ever
sees one (404); the holder and managers write, sign, discard and correct it; a link worker not
holding the case reads it only (403); nobody chases or declines it (403)."""

from tests.matrix import Row
from tests.matrix.appeals import case

REQUEST = {"link_worker": 200, "link_worker_not_holding": 403, "manager": 200}
VIEW = {"link_worker": 200, "link_worker_not_holding": 200, "gp": 200, "manager": 200}
WRITE = {"gp": 200, "link_worker": 403, "link_worker_not_holding": 403, "manager": 403}
MANAGE_FORM = {"link_worker": 200, "link_worker_not_holding": 403, "gp": 403, "manager": 200}
MANAGE_POST = {"link_worker": 302, "link_worker_not_holding": 403, "gp": 403, "manager": 302}
CORRECT_POST = {"gp": 302, "link_worker": 403, "link_worker_not_holding": 403, "manager": 403}


def requested(world):
    from tests.factories import SupportStatementFactory

    if not hasattr(world, "requested_statement"):
        world.requested_statement = SupportStatementFactory(case=case(world))
    return world.requested_statement


def signed(world):
    from tests.factories import SignedStatementFactory

    if not hasattr(world, "signed_statement"):
        world.signed_statement = SignedStatementFactory(case=case(world), signed_by=world.gp)
    return world.signed_statement


def case_kwargs(world) -> dict:
    return {"case_id": case(world).pk}


def requested_kwargs(world) -> dict:
    return {"pk": requested(world).pk}


ROWS = {
    "statements:request": Row(expect=REQUEST, kwargs=case_kwargs),
    "statements:start": Row(expect=REQUEST, kwargs=case_kwargs),
    "statements:detail": Row(expect=VIEW, kwargs=requested_kwargs),
    "statements:write": Row(expect=WRITE, kwargs=requested_kwargs),
    "statements:sign": Row(expect=WRITE, kwargs=requested_kwargs),
    "statements:decline": Row(expect=WRITE, kwargs=requested_kwargs),
    "statements:withdraw": Row(expect=MANAGE_FORM, kwargs=requested_kwargs),
    "statements:chase": Row(expect=MANAGE_POST, kwargs=requested_kwargs, method="post"),
    "statements:correct": Row(
        expect=CORRECT_POST, kwargs=lambda world: {"pk": signed(world).pk}, method="post"
    ),
}


# A link-worker or carer statement: ``kwargs`` take the world and the statement kind.
OWN_VIEW = {"link_worker": 200, "link_worker_not_holding": 200, "manager": 200}
OWN_WRITE = {"link_worker": 200, "link_worker_not_holding": 403, "manager": 200}
OWN_REFUSED_FORM = {"link_worker": 403, "link_worker_not_holding": 403, "manager": 403}
OWN_REFUSED_POST = OWN_REFUSED_FORM
OWN_CORRECT_POST = {"link_worker": 302, "link_worker_not_holding": 403, "manager": 302}


def own(world, kind: str, *, signed: bool = False):
    """The case's link-worker or carer statement: a draft, or signed by the holder."""
    from tests.factories import SignedStatementFactory, SupportStatementFactory

    attribute = f"own_{kind}_{'signed' if signed else 'draft'}"
    if not hasattr(world, attribute):
        common = {
            "case": case(world),
            "kind": kind,
            "author": world.link_worker,
            "maker_name": "Ann Carer" if kind == "carer" else "",
            "requested_of_practice": None,
            "request_message": "",
        }
        if signed:
            statement = SignedStatementFactory(signed_by=world.link_worker, **common)
        else:
            statement = SupportStatementFactory(link_worker=True, **common)
        setattr(world, attribute, statement)
    return getattr(world, attribute)


def own_kwargs(world, kind: str) -> dict:
    return {"pk": own(world, kind).pk}


OWN_ROWS = {
    "statements:detail": Row(expect=OWN_VIEW, kwargs=own_kwargs),
    "statements:write": Row(expect=OWN_WRITE, kwargs=own_kwargs),
    "statements:sign": Row(expect=OWN_WRITE, kwargs=own_kwargs),
    "statements:decline": Row(expect=OWN_REFUSED_FORM, kwargs=own_kwargs),
    "statements:withdraw": Row(expect=OWN_WRITE, kwargs=own_kwargs),
    "statements:chase": Row(expect=OWN_REFUSED_POST, kwargs=own_kwargs, method="post"),
    "statements:correct": Row(
        expect=OWN_CORRECT_POST,
        kwargs=lambda world, kind: {"pk": own(world, kind, signed=True).pk},
        method="post",
    ),
}

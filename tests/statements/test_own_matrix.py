"""Every statement page x every persona on a link-worker and a carer statement (rows in
``tests/matrix/statements.py``): the URL matrix itself uses a GP request, whose rules differ."""

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from appeals.statements.models import StatementKind
from tests.matrix import PERSONAS
from tests.matrix.statements import OWN_ROWS

KINDS = (StatementKind.LINK_WORKER, StatementKind.CARER)


def test_every_statement_page_has_an_own_statement_row():
    resolver = get_resolver().namespace_dict["statements"][1]
    statement_pages = {
        f"statements:{pattern.name}"
        for pattern in resolver.url_patterns
        if "pk" in pattern.pattern.converters
    }
    assert statement_pages == OWN_ROWS.keys()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(OWN_ROWS))
def test_own_statement_role_matrix(url_name, persona, kind, world, client):
    row = OWN_ROWS[url_name]
    if persona != "anonymous":
        client.force_login(world.personas()[persona])
    url = reverse(url_name, kwargs=row.kwargs(world, kind))
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.status_for(persona)
    assert response.status_code == expected, (
        f"{persona} {row.method.upper()} {url_name} ({kind}): {response.status_code}, "
        f"expected {expected}"
    )
    if persona == "anonymous":
        assert response.headers["Location"].startswith(reverse(settings.LOGIN_URL))

"""Every URL x every persona: the status each gets (rows in ``tests/matrix/``).

A URL pattern without a matrix row fails ``test_every_url_has_a_matrix_row``, so a new view is
unreachable in review until someone decides who may use it.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import PERSONAS, all_rows

ROWS = all_rows()
# The Django admin is checked as a whole in test_admin_site.py: administrators only.
EXCLUDED_NAMESPACES = {"admin"}


def named_url_patterns(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL in the URL configuration, as ``namespace:name``."""
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= named_url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_has_a_matrix_row():
    urls = named_url_patterns()
    assert urls - ROWS.keys() == set(), "URLs without a row in tests/matrix/"
    assert ROWS.keys() - urls == set(), "matrix rows for URLs that no longer exist"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(ROWS))
def test_url_role_matrix(url_name, persona, world, client):
    row = ROWS[url_name]
    if persona != "anonymous":
        client.force_login(world.personas()[persona])
    url = reverse(url_name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.status_for(persona)
    assert response.status_code == expected, (
        f"{persona} {row.method.upper()} {url_name}: {response.status_code}, expected {expected}"
    )
    if persona == "anonymous" and not row.public:
        assert response.headers["Location"].startswith(reverse(settings.LOGIN_URL))

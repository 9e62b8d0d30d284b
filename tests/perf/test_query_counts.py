"""The busiest pages make the same number of queries whatever the volume of data.

Each page is requested as the benchmark requests it (``linkwork.perf.benchmark``) on seeded
data of two sizes; django-zeal (test settings) also fails any request with an N+1 query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linkwork.perf import benchmark, seeding

pytestmark = pytest.mark.django_db


def _page_query_counts(patients: int) -> dict[str, int]:
    counts = {}
    with benchmark.rolled_back():
        seeding.seed(
            seeding.Plan.for_patients(patients, long_history_contacts=patients // 2),
            log=lambda line: None,
        )
        subjects = benchmark.subjects()
        for name, user, url, _target in benchmark.page_items(subjects):
            client = benchmark.signed_in_client(user)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, secure=True)
            assert response.status_code == 200, (name, response.status_code)
            counts[name] = len(queries)
    return counts


def test_page_query_counts_do_not_grow_with_data():
    small = _page_query_counts(60)
    large = _page_query_counts(300)

    assert large == small


@pytest.mark.parametrize("patients", [60, 300])
def test_list_pages_stay_within_their_query_budget(patients, django_assert_max_num_queries):
    with benchmark.rolled_back():
        seeding.seed(seeding.Plan.for_patients(patients), log=lambda line: None)
        subjects = benchmark.subjects()
        pages = {name: (user, url) for name, user, url, _t in benchmark.page_items(subjects)}
        for name, budget in (
            ("Caseload (link worker home)", 15),
            ("Caseload, all of the service", 15),
            ("My deadlines", 10),
            ("GP statement list (GP home)", 12),
        ):
            user, url = pages[name]
            client = benchmark.signed_in_client(user)
            with django_assert_max_num_queries(budget):
                assert client.get(url, secure=True).status_code == 200

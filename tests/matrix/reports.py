"""Matrix rows for the reports. Every signed-in role has a report of its own scope (managers
and administrators the service report, link workers "My figures", GPs their practice summary),
so the report page and its PDF are 200 for everyone. The records behind a link worker's
caseload figure are 404 to anyone whose scope does not include that link worker; the caseload
CSV is 404 to GPs, whose summary has no caseload section."""

from tests.matrix import Row, everyone


def holder_group(world) -> dict:
    return {"group": f"worker:{world.link_worker.pk}"}


ROWS = {
    "reports:index": Row(expect=everyone(200)),
    "reports:pdf": Row(expect=everyone(200)),
    "reports:records": Row(
        expect={"link_worker": 200, "manager": 200, "administrator": 200},
        kwargs=lambda world: {"figure": "active"},
        data=holder_group,
    ),
    "reports:csv": Row(
        expect=everyone(200, gp=404, gp_other_practice=404),
        kwargs=lambda world: {"table": "caseload"},
    ),
}

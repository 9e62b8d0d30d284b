"""The URL x role matrix: for every named URL, the status each persona gets.

Each app keeps its rows in ``tests/matrix/<app>.py`` as ``ROWS = {"namespace:name": Row(...)}``;
``tests/test_url_matrix.py`` walks the URL configuration and fails for any URL without a row.

Statuses: 200 shown, 302 redirected (anonymous users go to sign-in), 403 visible but not
allowed, 404 outside the persona's scope (its existence is not revealed), 405 wrong method.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

PERSONAS = (
    "anonymous",
    "link_worker",
    "link_worker_not_holding",
    "link_worker_other_service",
    "gp",
    "gp_other_practice",
    "manager",
    "manager_other_service",
    "administrator",
)

APP_MODULES = (
    "accounts",
    "audit",
    "patients",
    "referrals",
    "appeals",
    "statements",
    "letters",
    "reminders",
    "reports",
)


@dataclass(frozen=True)
class Row:
    """What each persona gets from one URL. ``expect`` names a status per persona; personas not
    named get ``default``. Anonymous users are redirected to sign-in unless ``public``."""

    expect: dict[str, int]
    default: int = 404
    kwargs: Callable[..., dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[..., dict] = field(default=lambda world: {})
    public: bool = False

    def status_for(self, persona: str) -> int:
        if persona == "anonymous" and not self.public:
            return self.expect.get("anonymous", 302)
        return self.expect.get(persona, self.default)


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """The same status for every signed-in persona, with named exceptions."""
    return {p: status for p in PERSONAS if p != "anonymous"} | overrides


def all_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for name in APP_MODULES:
        module_rows = import_module(f"tests.matrix.{name}").ROWS
        duplicated = rows.keys() & module_rows.keys()
        assert not duplicated, f"URL names with two matrix rows: {sorted(duplicated)}"
        rows.update(module_rows)
    return rows

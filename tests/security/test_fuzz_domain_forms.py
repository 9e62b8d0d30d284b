"""Fuzzing the main domain forms with hypothesis: whatever is typed, each form answers with a
page (the form with its errors, or a redirect after saving), never a server error, and a
refused form saves nothing.

Each test reads the form from the page the user sees (so dynamic fields, hidden fields and the
options of each list are the real ones), then posts generated values: valid list options and
well-formed dates and numbers mixed with junk, control characters, template and SQL syntax,
very long text, impossible dates and missing fields.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from linkwork.reminders.models import ReminderPreference
from referrals.models import Referral
from tests.conftest import SignedInClient
from tests.factories.appeals import AppealCaseFactory
from tests.factories.patients import PatientFactory
from tests.factories.statements import SignedStatementFactory

EXAMPLES = 50
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # A failure is reported as found: shrinking through many database round trips is slow.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Apps whose rows a refused form must leave alone (history tables included).
DOMAIN_APPS = ("patients", "referrals", "appeals", "statements", "letters", "reminders")
ERROR_SUMMARY = "There is a problem"

junk = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "{{ 7*7 }}",
            "{% debug %}",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "%s%s%n",
            '=HYPERLINK("http://x")',
            "x" * 5001,
            "😀" * 20,
            "-1",
            "1e400",
            "NaN",
            "00000000-0000-0000-0000-000000000000",
        ]
    ),
)
dates = st.one_of(
    st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y")
    ),
    st.sampled_from(["31/02/2025", "2025-02-30", "2025-13-01", "0000-00-00", "tomorrow"]),
)
numbers = st.one_of(
    st.integers(-(10**15), 10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
)


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, date, number, checkbox, hidden, radio
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    current: list[str] = field(default_factory=list)  # what the page would post untouched


class FormParser(HTMLParser):
    """The fields of the page's POST forms, keyed by form action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, Field]]] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.forms.append((a.get("action", ""), {}))
            else:
                self.forms.append(("<get>", {}))
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.current.append(a.get("value", ""))
            return
        if not self.forms or not a.get("name"):
            return
        fields = self.forms[-1][1]
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "reset", "file", "image"}:
                return
            value = a.get("value", "on" if kind in {"checkbox", "radio"} else "")
            spec = fields.setdefault(name, Field(name, kind, value))
            if kind in {"checkbox", "radio"}:
                spec.options.append(value)
                if "checked" in a:
                    spec.current.append(value)
            else:
                spec.current = [value]
        elif tag == "textarea":
            self._textarea = fields[name] = Field(name, "textarea", current=[""])
        elif tag == "select":
            self._select = fields[name] = Field(name, "select", multiple="multiple" in a)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.current[0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            if self._select and not self._select.current and not self._select.multiple:
                self._select.current = self._select.options[:1]
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.current[0] = self._textarea.current[0].removeprefix("\n")
            self._textarea = None


def form_fields(html: str, url: str) -> dict[str, Field]:
    parser = FormParser()
    parser.feed(html)
    candidates = [fields for action, fields in parser.forms if action in ("", url) and fields]
    assert candidates, f"no POST form for {url}"
    return max(candidates, key=len)


def value_for(spec: Field):
    """A strategy for one field's posted value (``None``: the field is left out)."""
    if spec.kind == "checkbox":
        return st.one_of(st.none(), st.sampled_from(spec.options), junk)
    if spec.kind in {"select", "radio"}:
        chosen = st.sampled_from(spec.options) if spec.options else junk
        if spec.multiple:
            return st.lists(st.one_of(chosen, junk), max_size=4)
        return st.one_of(chosen, chosen, junk, st.none())
    if spec.kind == "hidden" or spec.name == "csrfmiddlewaretoken":
        return st.one_of(st.just(spec.value), st.just(spec.value), junk, numbers)
    if spec.kind == "date" or spec.name.endswith(("date", "_on", "due")):
        return st.one_of(dates, junk, st.none())
    if spec.kind == "number":
        return st.one_of(numbers, junk, st.none())
    return st.one_of(junk, st.none())


PLAUSIBLE_BY_NAME = {"nhs_number": "943 476 5919", "postcode": "M1 1AA", "email": "a@example.org"}


def plausible(spec: Field) -> list[str]:
    """A well-formed value for a field the page leaves empty."""
    if spec.name in PLAUSIBLE_BY_NAME:
        return [PLAUSIBLE_BY_NAME[spec.name]]
    if spec.kind in {"select", "radio"}:
        return [option for option in spec.options if option][:1]
    if spec.kind in {"checkbox", "hidden"}:
        return []
    today = timezone.localdate()
    return {
        "date": [today.isoformat()],
        "datetime-local": [f"{today.isoformat()}T09:30"],
        "number": ["5"],
        "email": ["a@example.org"],
    }.get(spec.kind, ["Plain words"])


def snapshot(*rows) -> dict:
    """Row counts of every domain table, and the current values of ``rows``."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS and model._meta.managed
    }
    values = [type(row)._base_manager.filter(pk=row.pk).values().first() for row in rows]
    return {"counts": counts, "values": values}


def fuzz_post(client, url: str, data, cache: dict, watched=(), headers=None, key=None, base=None):
    key = key or url
    if key not in cache:
        page = client.get(url)
        assert page.status_code == 200
        cache[key] = form_fields(page.text, url)
    fields = cache[key]
    if data.draw(st.booleans(), label="near valid"):
        # What the page would post (plus ``base``), with at most two fields changed.
        posted = {n: s.current if any(s.current) else plausible(s) for n, s in fields.items()}
        posted |= base or {}
        changed = data.draw(st.lists(st.sampled_from(sorted(fields)), max_size=2, unique=True))
    else:
        posted, changed = {}, sorted(fields)
    for name in changed:
        value = data.draw(value_for(fields[name]), label=name)
        if value is None:
            posted.pop(name, None)
        else:
            posted[name] = value
    before = snapshot(*watched)
    response = client.post(url, posted, headers=headers or {})
    assert response.status_code in {200, 302}, (response.status_code, posted)
    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    if response.status_code == 200:
        after = snapshot(*watched)
        if ERROR_SUMMARY in response.text:
            assert after == before, posted  # refused: nothing saved
        else:
            assert after != before, posted  # a 200 without errors is a saved quick-add
    return response


def signed_in(user) -> SignedInClient:
    client = SignedInClient()
    client.force_login(user)
    return client


@pytest.fixture
def case(world):
    return AppealCaseFactory(patient=world.patient, holder=world.link_worker)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_referral_intake_form(world, data):
    client = signed_in(world.link_worker)
    base = {"date_of_birth": "1950-12-10", "reasons": ["money"], "nhs_number": ""}
    cache = world.__dict__.setdefault("_f", {})
    fuzz_post(client, reverse("referrals:create"), data, cache, base=base)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_patient_edit_form(world, data):
    client = signed_in(world.link_worker)
    url = reverse("patients:edit", args=[world.patient.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}), watched=[world.patient])


@pytest.mark.django_db
@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_contact_quick_add_form(world, data, htmx):
    client = signed_in(world.link_worker)
    url = reverse("patients:contact_add", args=[world.patient.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}), headers=headers)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_ons4_measure_form(world, data):
    client = signed_in(world.link_worker)
    url = reverse("patients:measure_add", args=[world.patient.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_appeal_case_create_form(world, data):
    client = signed_in(world.link_worker)
    url = reverse("appeals:case_create", args=[world.patient.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_appeal_case_edit_form(world, data):
    # A fresh case each time: a saved edit may hand the case to another link worker or move it.
    patient = PatientFactory(practice=world.practice, holder=world.link_worker)
    case = AppealCaseFactory(patient=patient, holder=world.link_worker)
    client = signed_in(world.link_worker)
    url = reverse("appeals:case_edit", args=[case.pk])
    cache = world.__dict__.setdefault("_f", {})
    fuzz_post(client, url, data, cache, watched=[case], key="case_edit")


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_deadline_add_form(world, case, data):
    client = signed_in(world.link_worker)
    url = reverse("appeals:deadline_add", args=[case.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_statement_request_form(world, case, data):
    client = signed_in(world.link_worker)
    url = reverse("statements:request", args=[case.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_letter_request_form(world, case, data):
    if not hasattr(world, "_signed"):
        world._signed = SignedStatementFactory(case=case)
    client = signed_in(world.link_worker)
    url = reverse("letters:letter_create", args=[case.pk])
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_reminder_preferences_form(world, data):
    client = signed_in(world.link_worker)
    preference, _ = ReminderPreference.objects.get_or_create(user=world.link_worker)
    url = reverse("reminders:preferences")
    fuzz_post(client, url, data, world.__dict__.setdefault("_f", {}), watched=[preference])


# Found by fuzzing the intake form: choosing both the registered and the referring practice
# looked each up separately, which the test settings' N+1 detector answered with a 500.
@pytest.mark.django_db
@pytest.mark.parametrize("referring", ["practice", "other_practice"])
def test_intake_with_a_referring_practice_is_saved(world, referring):
    client = signed_in(world.link_worker)
    response = client.post(
        reverse("referrals:create"),
        {
            "given_name": "Ada",
            "family_name": "Lovelace",
            "date_of_birth": "1950-12-10",
            "address": "1 Quay Street",
            "postcode": "M3 4AB",
            "practice": world.practice.pk,
            "referring_practice": getattr(world, referring).pk,
            "source": "gp",
            "received_on": timezone.localdate().isoformat(),
            "urgency": "routine",
            "reasons": ["money"],
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(patient__family_name="Lovelace")
    assert referral.referring_practice == getattr(world, referring)
    assert referral.patient.practice == world.practice


@pytest.mark.django_db
def test_intake_refuses_a_practice_outside_the_list(world):
    client = signed_in(world.link_worker)
    response = client.post(
        reverse("referrals:create"),
        {"practice": world.outside_practice.pk, "referring_practice": "not-a-practice"},
    )
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.text
    assert "Select a valid choice" in response.text or "Choose" in response.text
    assert not Referral.objects.exists()


def test_the_form_reader_finds_fields_options_and_hidden_values():
    html = """
        <form method="get" action="/search/"><input name="q"></form>
        <form method="post">
          <input type="hidden" name="version" value="3">
          <input type="checkbox" name="reasons" value="money">
          <input type="checkbox" name="reasons" value="housing">
          <select name="kind"><option value="">-</option><option value="task">T</option></select>
          <textarea name="label"></textarea><button type="submit" name="save">Save</button>
        </form>"""
    fields = form_fields(html, "/x/")
    assert set(fields) == {"version", "reasons", "kind", "label"}
    assert fields["version"].value == "3"
    assert fields["reasons"].options == ["money", "housing"]
    assert fields["kind"].options == ["", "task"]


@pytest.mark.django_db
def test_case_form_names_overlong_and_unprintable_text_in_plain_words(world, case):
    client = signed_in(world.link_worker)
    url = reverse("appeals:case_edit", args=[case.pk])
    fields = form_fields(client.get(url).text, url)
    posted = {name: spec.current for name, spec in fields.items()}
    posted |= {"tribunal_reference": "SC" * 20, "decision_summary": "a\x00b"}
    response = client.post(url, posted)
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.text
    assert "Keep the tribunal reference under 30 characters (it has 40)." in response.text
    assert "Remove the unprintable characters from the decision summary." in response.text

"""Volume data for benchmarks: services, practices, staff, patients with years of referrals (and
every status change each went through), contacts, needs with the support offered, ONS4 wellbeing
measures, appeal cases with their deadlines, and GP statements.

Rows are generated as plain values and written in bulk: PostgreSQL's ``COPY ... FROM STDIN``
(tens of thousands of rows a second), or batched ``INSERT`` on other databases. Nothing goes
through ``save()``, services or signals, so no history rows, audit events or tasks are made:
the data is what years of use leave in the tables a page reads. The generator is seeded, so the
same arguments give the same data.

Every seeded user's username starts with ``scale-``; all share one password.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from appeals.models import AppealCase, Benefit, ComponentAward, Deadline, DeadlineKind, Stage
from appeals.stages import ENDED
from appeals.statements.models import StatementKind, StatementStatus, SupportStatement
from linkwork.accounts.models import Practice, Role, Service, User
from patients.demo import FAMILY_NAMES, GIVEN_NAMES, NEED_DETAIL, ORGANISATIONS, STREETS
from patients.identifiers import nhs_number_from
from patients.models import (
    MEASURE_ITEMS,
    Consent,
    ConsentMethod,
    ConsentScope,
    Contact,
    ContactKind,
    ContactOutcome,
    MeasureKind,
    Need,
    NeedCategory,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    SupportKind,
    SupportOffer,
    SupportOutcome,
    Timepoint,
)
from referrals.models import (
    SNOMED_DECLINED,
    SNOMED_REFERRAL,
    CloseOutcome,
    DeclineReason,
    Referral,
    ReferralSource,
    ReferralStatus,
    ReferralTransition,
    Urgency,
)

USERNAME_PREFIX = "scale-"
DEFAULT_PASSWORD = "scale-benchmark-password"  # noqa: S105 (a known password for benchmark data)
BATCH = 5_000
YEARS_OF_HISTORY = 5

TOWNS = ("Manchester", "Salford", "Stockport", "Oldham", "Bolton", "Bury", "Rochdale", "Wigan")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
OPEN_STAGES = [s for s in Stage if s not in ENDED]
ENDED_STAGES = sorted(ENDED)
CASE_DEADLINE_KINDS = (
    DeadlineKind.MR,
    DeadlineKind.APPEAL,
    DeadlineKind.DWP_RESPONSE,
    DeadlineKind.HEARING_7_DAYS,
    DeadlineKind.HEARING_1_DAY,
)


@dataclass(frozen=True)
class Plan:
    """How much to make. ``Plan.for_patients(n)`` scales the defaults (100,000 patients:
    150,000 referrals, 600,000 contacts, 20,000 appeal cases, 60 link workers, 40 practices).

    The rest follows from these: about 3.3 status changes per referral, 2 needs per patient
    (the reasons of their first referral) with 1 support offer per need, and ONS4 measures for
    about 60% of the patients with an accepted referral (at the defaults: about 500,000
    transitions, 200,000 needs, 200,000 support offers and 75,000 measures)."""

    patients: int
    referrals: int
    contacts: int
    cases: int
    link_workers: int
    practices: int
    gps_per_practice: int = 2
    long_history_contacts: int = 200
    seed: int = 12

    @classmethod
    def for_patients(cls, patients: int, **overrides: Any) -> Plan:
        values = {
            "patients": patients,
            "referrals": patients * 3 // 2,
            "contacts": patients * 6,
            "cases": patients // 5,
            "link_workers": max(2, round(patients * 60 / 100_000)),
            "practices": max(2, round(patients * 40 / 100_000)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def services(self) -> int:
        return max(1, min(self.practices, self.link_workers) // 10)


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# Writing rows in bulk


def _filler(f: models.Field, now: datetime) -> Callable[[], Any]:
    """How to fill a column the generator did not set: the model's default, or empty."""
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return lambda: now
    if f.has_default():
        if callable(f.default):
            return f.get_default
        value = f.get_default()
        return lambda: value
    if f.null:
        return lambda: None
    if isinstance(f, models.CharField | models.TextField):
        return lambda: ""

    def missing() -> None:
        msg = f"{f.model.__name__}.{f.name} needs a value"
        raise ValueError(msg)

    return missing


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` (dicts keyed by attribute name, e.g. ``practice_id``) into the model's
    table; columns not given take the model's default. Returns the number of rows."""
    auto = (models.AutoField, models.BigAutoField, models.SmallAutoField)
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, auto)]
    now = timezone.now()
    fillers = {f.attname: _filler(f, now) for f in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    postgres = connection.vendor == "postgresql"
    json_columns = {f.attname for f in fields if isinstance(f, models.JSONField)}

    def values(row: dict[str, Any]) -> tuple:
        out = []
        for f in fields:
            name = f.attname
            value = row[name] if name in row else fillers[name]()
            if postgres:
                if name in json_columns:
                    value = json.dumps(value)
            else:
                value = f.get_db_prep_save(value, connection)
            out.append(value)
        return tuple(out)

    count = 0
    with connection.cursor() as cursor:
        if postgres:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from the model)
        batch: list[tuple] = []
        for row in rows:
            batch.append(values(row))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# Values


def nhs_numbers(start: int) -> Iterator[str]:
    """Valid NHS numbers (Modulus 11 check digit) from the nine-digit ``start`` upwards."""
    base = start
    while True:
        number = nhs_number_from(base)
        yield number
        base = int(number[:9]) + 1


class _Random(random.Random):
    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        # Looked up once: ``moment_on`` runs for almost every row.
        self.zone = timezone.get_current_timezone()

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.randint(0, max(0, (end - start).days)))

    def moment_on(self, day: date) -> datetime:
        return timezone.make_aware(
            datetime.combine(day, datetime.min.time()) + timedelta(minutes=self.randint(480, 1080)),
            self.zone,
        )


@dataclass
class _People:
    services: list[dict]
    practices: list[dict]
    workers_by_service: dict[uuid.UUID, list[uuid.UUID]]
    gps_by_practice: dict[uuid.UUID, list[uuid.UUID]]
    users: list[dict]


def _people(plan: Plan, rng: _Random, password: str) -> _People:
    now = timezone.now()
    services = [
        {
            "id": rng.uuid(),
            "name": f"Scale social prescribing service {n + 1}",
            "address": f"{n + 1} Service Street\n{TOWNS[n % len(TOWNS)]}\nM{n + 1} 1AA",
            "phone": "0161 000 0000",
            "email": f"service{n + 1}@example.org",
        }
        for n in range(plan.services)
    ]
    practices = [
        {
            "id": rng.uuid(),
            "ods_code": f"Y{90000 + n:05d}",
            "name": f"Scale Practice {n + 1}",
            "postcode": f"M{n % 40 + 1} 2AB",
            "service_id": services[n % len(services)]["id"],
        }
        for n in range(plan.practices)
    ]
    hashed = make_password(password)
    users: list[dict] = []

    def user(username: str, role: str, **extra: Any) -> uuid.UUID:
        n = len(users)
        users.append(
            {
                "id": rng.uuid(),
                "username": f"{USERNAME_PREFIX}{username}",
                "password": hashed,
                "first_name": GIVEN_NAMES[n % len(GIVEN_NAMES)],
                "last_name": FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)],
                "email": f"{USERNAME_PREFIX}{username}@example.org",
                "role": role,
                "is_active": True,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": False,
                "date_joined": now,
                **extra,
            }
        )
        return users[-1]["id"]

    workers_by_service: dict[uuid.UUID, list[uuid.UUID]] = {s["id"]: [] for s in services}
    for n in range(plan.link_workers):
        service_id = services[n % len(services)]["id"]
        workers_by_service[service_id].append(
            user(f"lw-{n + 1}", Role.LINK_WORKER, service_id=service_id, job_title="Link worker")
        )
    for n, service in enumerate(services):
        user(f"manager-{n + 1}", Role.MANAGER, service_id=service["id"], job_title="Manager")
    gps_by_practice: dict[uuid.UUID, list[uuid.UUID]] = {}
    for n, practice in enumerate(practices):
        gps_by_practice[practice["id"]] = [
            user(
                f"gp-{n + 1}-{k + 1}",
                Role.GP,
                practice_id=practice["id"],
                job_title="GP",
                professional_registration=f"GMC {7_100_000 + n * 10 + k}",
            )
            for k in range(plan.gps_per_practice)
        ]
    user("admin", Role.ADMINISTRATOR)
    return _People(services, practices, workers_by_service, gps_by_practice, users)


def _postcode(rng: _Random) -> str:
    letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
    return f"M{rng.randint(1, 40)} {rng.randint(1, 9)}{letters}"


def seed(
    plan: Plan,
    *,
    password: str = DEFAULT_PASSWORD,
    log: Callable[[str], None] = print,
    force: bool = False,
) -> Result:
    """Write the data of ``plan`` in one transaction and return the row counts and time.

    Made-up patients and accounts that share one known password (an administrator among
    them) must never land beside real ones: a database that already holds any user or patient
    is refused unless ``force`` is given (for a throwaway copy)."""
    if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
        msg = "This database already holds scale data; use a fresh database."
        raise ValueError(msg)
    if not force and (User.objects.exists() or Patient.objects.exists()):
        msg = (
            "This database already holds accounts or patients. seed_scale adds made-up "
            "patients and accounts with a known password, so it runs only on a fresh "
            "database; use --force for a throwaway copy (never one holding real patients)."
        )
        raise ValueError(msg)
    started = time.perf_counter()
    rng = _Random(plan.seed)
    today = timezone.localdate()
    history_start = today - timedelta(days=365 * YEARS_OF_HISTORY)
    result = Result()

    def write(label: str, model: type[models.Model], rows: Iterable[dict]) -> None:
        began = time.perf_counter()
        result.counts[label] = insert_rows(model, rows)
        log(f"  {label:<18}{result.counts[label]:>10,}  {time.perf_counter() - began:6.1f} s")

    with transaction.atomic():
        people = _people(plan, rng, password)
        write("services", Service, people.services)
        write("practices", Practice, people.practices)
        write("users", User, people.users)

        # Patients: each registered at a practice and held by a link worker of its service.
        patients: list[dict] = []
        numbers = nhs_numbers(900_000_000)
        for n in range(plan.patients):
            practice = people.practices[n % len(people.practices)]
            workers = people.workers_by_service[practice["service_id"]]
            roll = rng.random()
            status = (
                PatientStatus.CLOSED
                if roll < 0.6
                else PatientStatus.ON_HOLD
                if roll < 0.7
                else PatientStatus.ACTIVE
            )
            first_seen = rng.day_between(history_start, today - timedelta(days=30))
            if status != PatientStatus.CLOSED:
                first_seen = rng.day_between(today - timedelta(days=365), today - timedelta(days=3))
            patients.append(
                {
                    "id": rng.uuid(),
                    "nhs_number": next(numbers),
                    "given_name": rng.choice(GIVEN_NAMES),
                    "family_name": rng.choice(FAMILY_NAMES),
                    "date_of_birth": date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 70)),
                    "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}",
                    "postcode": _postcode(rng),
                    "phone": f"07700 9{rng.randint(0, 99999):05d}",
                    "practice_id": practice["id"],
                    "holder_id": workers[n // len(people.practices) % len(workers)],
                    "status": status,
                    "has_long_term_condition": rng.random() < 0.4,
                    "has_mental_health_need": rng.random() < 0.3,
                    "has_mobility_need": rng.random() < 0.2,
                    "is_carer": rng.random() < 0.1,
                    "motability_customer": rng.random() < 0.05,
                    "created_at": rng.moment_on(first_seen),
                    "updated_at": rng.moment_on(first_seen),
                    "_first_seen": first_seen,
                }
            )
        write("patients", Patient, ({k: v for k, v in p.items() if k[0] != "_"} for p in patients))

        # Referrals: one per patient, the rest as second referrals of random patients.
        referrals: list[dict] = []
        for n in range(plan.referrals):
            patient = patients[n] if n < len(patients) else rng.choice(patients)
            received = (
                patient["_first_seen"]
                if n < len(patients)
                else rng.day_between(patient["_first_seen"], today)
            )
            referrals.append(_referral(rng, patient, received, today))
        write("referrals", Referral, referrals)
        write("transitions", ReferralTransition, _transitions(rng, referrals))

        # Contacts: a long history for one patient of each link worker, the rest spread.
        long_history = {}
        for p in patients:
            long_history.setdefault(p["holder_id"], p)
        reserved = min(plan.contacts // 2, plan.long_history_contacts * len(long_history))
        per_patient = reserved // max(1, len(long_history))

        def contacts() -> Iterator[dict]:
            for p in long_history.values():
                for _ in range(per_patient):
                    yield _contact(rng, p, today)
            for _ in range(plan.contacts - per_patient * len(long_history)):
                yield _contact(rng, rng.choice(patients), today)

        write("contacts", Contact, contacts())

        # What matters to the patients, the support offered, and how their wellbeing changed.
        needs, offers = _needs(rng, patients, referrals, today)
        write("needs", Need, needs)
        write("support offers", SupportOffer, offers)
        write("measures", OutcomeMeasure, _measures(rng, patients, referrals, today))

        # Appeal cases (on distinct patients), their deadlines and GP statements.
        cases, deadlines, statements = [], [], []
        for patient in rng.sample(patients, min(plan.cases, len(patients))):
            case, case_deadlines = _case(rng, patient, today)
            cases.append(case)
            deadlines.extend(case_deadlines)
            if rng.random() < 0.5:
                gps = people.gps_by_practice[patient["practice_id"]]
                statement, deadline = _statement(rng, case, patient, gps, today)
                statements.append(statement)
                if deadline:
                    deadlines.append(deadline)
        write("consents", Consent, _consents(rng, patients, cases))
        write("appeal cases", AppealCase, cases)
        write("deadlines", Deadline, deadlines)
        write("statements", SupportStatement, statements)
        result.counts["open deadlines"] = sum(1 for d in deadlines if d["status"] == "open")

    if connection.vendor == "postgresql":
        # Statistics for the planner and, outside a transaction, the visibility map that lets
        # PostgreSQL answer from an index alone (as autovacuum would do in time).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(command)
        log(f"  {command:<28}  {time.perf_counter() - began:6.1f} s")
    result.seconds = time.perf_counter() - started
    return result


def _consents(rng: _Random, patients: list[dict], cases: list[dict]) -> Iterator[dict]:
    """Consent to hold data for every patient; to share with DWP and HMCTS for those with an
    appeal case (letters need it)."""
    with_case = {c["patient_id"] for c in cases}
    for p in patients:
        base = {
            "patient_id": p["id"],
            "given": True,
            "decided_on": p["_first_seen"],
            "method": ConsentMethod.VERBAL_PHONE,
            "recorded_by_id": p["holder_id"],
            "recorded_at": p["created_at"],
        }
        yield {**base, "id": rng.uuid(), "scope": ConsentScope.HOLD_DATA}
        if p["id"] in with_case:
            for organisation in ("DWP", "HMCTS"):
                yield {
                    **base,
                    "id": rng.uuid(),
                    "scope": ConsentScope.SHARE,
                    "organisation": organisation,
                }


# Short names for the statuses, so that a referral's path reads as the moves it made.
R, C, A, D, U, X = (
    ReferralStatus.RECEIVED,
    ReferralStatus.CONTACTED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.UNABLE_TO_CONTACT,
    ReferralStatus.CLOSED,
)
#: Days from one status to the next, for each move of ``referrals.models.TRANSITIONS`` the
#: generator makes.
MOVE_DAYS: dict[tuple[str, str], tuple[int, int]] = {
    (R, C): (1, 21),
    (R, D): (1, 10),
    (R, U): (14, 35),
    (C, A): (0, 14),
    (C, D): (0, 14),
    (C, U): (14, 60),
    (U, C): (3, 30),
    (A, X): (30, 200),
    (D, X): (0, 30),
    (U, X): (7, 60),
}
DECLINED_UNREACHED = [
    DeclineReason.NOT_APPROPRIATE,
    DeclineReason.ALREADY_SUPPORTED,
    DeclineReason.OUT_OF_AREA,
]
DECLINED_REACHED = [DeclineReason.PATIENT_DECLINED] * 4 + [
    DeclineReason.ALREADY_SUPPORTED,
    DeclineReason.NOT_APPROPRIATE,
    DeclineReason.OTHER,
]
CLOSED_AFTER_ACCEPTED = (
    [CloseOutcome.GOALS_MET] * 3
    + [CloseOutcome.CONNECTED] * 3
    + [
        CloseOutcome.PARTLY_MET,
        CloseOutcome.PARTLY_MET,
        CloseOutcome.DISENGAGED,
        CloseOutcome.DISENGAGED,
        CloseOutcome.MOVED_AWAY,
    ]
)
CLOSED_AFTER = {D: CloseOutcome.DECLINED, U: CloseOutcome.UNABLE_TO_CONTACT}
MOVE_NOTES = {C: "First contact with the patient"}


def _referral_path(rng: _Random, open_patient: bool, age_days: int) -> tuple[str, ...]:
    """The statuses a referral went through, from received to where it is now.

    A closed patient's referrals all ended: about 10% declined, most accepted and closed, the
    rest closed after a decline or after the patient could not be reached. An open patient's
    older referrals are sometimes declined or the patient could not be reached; the others are
    accepted, contacted or still waiting, as before."""
    roll = rng.random()
    spoke = rng.random()  # whether the link worker spoke to the patient before the decision
    if not open_patient:
        if roll < 0.10:
            return (R, C, D) if spoke < 0.6 else (R, D)
        if roll < 0.86:
            return (R, C, A, X)
        if roll < 0.90:
            return (R, C, D, X) if spoke < 0.6 else (R, D, X)
        if roll < 0.97:
            return (R, U, X)
        return (R, U, C, A, X)
    if roll < 0.11 and age_days >= 14:
        return (R, C, U) if spoke < 0.3 else (R, U)
    if roll < 0.26 and age_days > 60:
        return (R, C, D) if spoke < 0.6 else (R, D)
    return rng.choice([(R, C, A)] * 6 + [(R, C), (R,)])


def _moves(
    rng: _Random, path: tuple[str, ...], received: date, today: date
) -> list[tuple[str, str, date, datetime]]:
    """``(from, to, day, at)`` for each status of ``path``, at strictly increasing moments (so
    the history reads in order), none after ``today``."""
    day, at = received, rng.moment_on(received)
    moves = [("", path[0], day, at)]
    for before, after in pairwise(path):
        low, high = MOVE_DAYS[before, after]
        day = min(today, day + timedelta(days=rng.randint(low, high)))
        at = max(at + timedelta(minutes=1), rng.moment_on(day))
        moves.append((before, after, day, at))
    return moves


def _referral(rng: _Random, patient: dict, received: date, today: date) -> dict:
    """A referral with its status history in ``_moves`` and, if it was accepted, the day in
    ``_accepted_on``."""
    open_patient = patient["status"] != PatientStatus.CLOSED
    path = _referral_path(rng, open_patient, (today - received).days)
    moves = _moves(rng, path, received, today)
    moment_of = {to: moment for _, to, _, moment in moves}
    decline_reason = ""
    if D in path:
        decline_reason = rng.choice(DECLINED_REACHED if C in path else DECLINED_UNREACHED)
    close_outcome = ""
    if path[-1] == X:
        close_outcome = CLOSED_AFTER.get(path[-2]) or rng.choice(CLOSED_AFTER_ACCEPTED)
    return {
        "id": rng.uuid(),
        "patient_id": patient["id"],
        "source": rng.choice(
            [ReferralSource.GP] * 6 + [ReferralSource.SELF, ReferralSource.OTHER_CLINICIAN]
        ),
        "referring_practice_id": patient["practice_id"],
        "referrer_name": "Dr " + rng.choice(FAMILY_NAMES),
        "referrer_role": "GP",
        "received_on": received,
        "reasons": rng.sample(list(NeedCategory.values), rng.randint(1, 3)),
        "reason_text": "Struggling with money and isolation since a change in health.",
        "urgency": rng.choice([Urgency.ROUTINE] * 8 + [Urgency.SOON, Urgency.URGENT]),
        "status": path[-1],
        "status_changed_at": moves[-1][3],
        "first_contact_due": received + timedelta(days=14),
        "first_contact_at": moment_of.get(C),
        "decline_reason": decline_reason,
        "close_outcome": close_outcome,
        "snomed_code": SNOMED_DECLINED if decline_reason else SNOMED_REFERRAL,
        "created_by_id": patient["holder_id"],
        "created_at": moves[0][3],
        "updated_at": moves[-1][3],
        "_moves": moves,
        "_accepted_on": next((day for _, to, day, _ in moves if to == A), None),
    }


def _transitions(rng: _Random, referrals: list[dict]) -> Iterator[dict]:
    """One ``ReferralTransition`` per status change, by the user who took the referral in (the
    patient's link worker)."""
    for referral in referrals:
        for before, after, _, at in referral["_moves"]:
            note = MOVE_NOTES.get(after, "")
            if after == D and referral["decline_reason"] == DeclineReason.OTHER:
                note = "Wants a service nearer to family."
            yield {
                "id": rng.uuid(),
                "referral_id": referral["id"],
                "from_status": before,
                "to_status": after,
                "by_id": referral["created_by_id"],
                "at": at,
                "note": note,
            }


SUPPORT_OUTCOMES = (
    [SupportOutcome.ENGAGED] * 3
    + [SupportOutcome.COMPLETED] * 3
    + [
        SupportOutcome.NOT_TAKEN_UP,
        SupportOutcome.NOT_TAKEN_UP,
        SupportOutcome.DECLINED,
        SupportOutcome.NOT_ACCEPTED,
        SupportOutcome.PENDING,
    ]
)
#: Where an ONS4 baseline score falls, per item: people referred score low on wellbeing and
#: high on anxiety.
ONS4_BASELINE = {
    "life_satisfaction": (2, 7),
    "worthwhile": (3, 8),
    "happiness": (2, 7),
    "anxiety": (4, 9),
}


def _needs(
    rng: _Random, patients: list[dict], referrals: list[dict], today: date
) -> tuple[list[dict], list[dict]]:
    """Needs and the support offered for them. Each patient's needs are the reasons named in
    their first referral (one to three), identified once the link worker spoke to them (or on
    receipt when they never did); some resolved, more of them for closed patients. Each need
    has no, one or two offers of support."""
    needs: list[dict] = []
    offers: list[dict] = []
    for patient, referral in zip(patients, referrals, strict=False):
        start = next((day for _, to, day, _ in referral["_moves"] if to == C), None)
        start = start or referral["received_on"]
        resolved_share = 0.6 if patient["status"] == PatientStatus.CLOSED else 0.25
        for category in referral["reasons"]:
            identified = rng.day_between(start, min(today, start + timedelta(days=42)))
            resolved = None
            if identified < today and rng.random() < resolved_share:
                resolved = rng.day_between(
                    identified + timedelta(days=1), min(today, identified + timedelta(days=180))
                )
            need = {
                "id": rng.uuid(),
                "patient_id": patient["id"],
                "category": category,
                "detail": NEED_DETAIL[category],
                "identified_on": identified,
                "resolved_on": resolved,
                "recorded_by_id": patient["holder_id"],
                "created_at": rng.moment_on(identified),
            }
            needs.append(need)
            for _ in range(rng.choice((0, 1, 1, 2))):
                offered = rng.day_between(identified, min(today, identified + timedelta(days=60)))
                recent = (today - offered).days < 21
                created = rng.moment_on(offered)
                offers.append(
                    {
                        "id": rng.uuid(),
                        "patient_id": patient["id"],
                        "need_id": need["id"],
                        "kind": rng.choice([SupportKind.SIGNPOSTED, SupportKind.REFERRED]),
                        "organisation": rng.choice(ORGANISATIONS[category]),
                        "offered_on": offered,
                        "outcome": (
                            SupportOutcome.PENDING
                            if recent and rng.random() < 0.7
                            else rng.choice(SUPPORT_OUTCOMES)
                        ),
                        "recorded_by_id": patient["holder_id"],
                        "created_at": created,
                        "updated_at": created,
                    }
                )
    return needs, offers


def _ons4_follow_up(rng: _Random, scores: dict[str, int]) -> dict[str, int]:
    """Scores a little later: each item tends to get slightly better (anxiety falls)."""
    later = {}
    for item in MEASURE_ITEMS[MeasureKind.ONS4]:
        step = rng.choice((-1, 0, 0, 1, 1, 2))
        value = scores[item.key] + (step if item.higher_is_better else -step)
        later[item.key] = max(item.low, min(item.high, value))
    return later


def _measures(
    rng: _Random, patients: list[dict], referrals: list[dict], today: date
) -> Iterator[dict]:
    """ONS4 wellbeing: a baseline soon after acceptance for about 60% of the patients with an
    accepted referral, and one or two follow-ups, weeks to months apart, for about half of
    those."""
    accepted_on: dict[uuid.UUID, date] = {}
    for referral in referrals:
        day = referral["_accepted_on"]
        if day is not None and day < accepted_on.get(referral["patient_id"], date.max):
            accepted_on[referral["patient_id"]] = day
    for patient in patients:
        day = accepted_on.get(patient["id"])
        if day is None or rng.random() >= 0.6:
            continue
        taken = min(today, day + timedelta(days=rng.randint(0, 14)))
        scores = {key: rng.randint(low, high) for key, (low, high) in ONS4_BASELINE.items()}
        timepoint = Timepoint.BASELINE
        follow_ups = rng.choice((1, 1, 2)) if rng.random() < 0.5 else 0
        while True:
            yield {
                "id": rng.uuid(),
                "patient_id": patient["id"],
                "kind": MeasureKind.ONS4,
                "timepoint": timepoint,
                "taken_on": taken,
                "scores": scores,
                "recorded_by_id": patient["holder_id"],
                "created_at": rng.moment_on(taken),
            }
            if follow_ups == 0 or taken >= today:
                break
            follow_ups -= 1
            taken = min(today, taken + timedelta(days=rng.randint(42, 120)))
            scores = _ons4_follow_up(rng, scores)
            timepoint = Timepoint.FOLLOW_UP


CONTACT_KINDS = [ContactKind.PHONE] * 6 + [
    ContactKind.FACE_TO_FACE,
    ContactKind.FACE_TO_FACE,
    ContactKind.VIDEO,
    ContactKind.HOME_VISIT,
]
CONTACT_OUTCOMES = [ContactOutcome.SPOKE] * 6 + [
    ContactOutcome.NO_ANSWER,
    ContactOutcome.NO_ANSWER,
    ContactOutcome.LEFT_MESSAGE,
]


def _contact(rng: _Random, patient: dict, today: date) -> dict:
    day = rng.day_between(patient["_first_seen"], today)
    at = rng.moment_on(day)
    return {
        "id": rng.uuid(),
        "patient_id": patient["id"],
        "at": at,
        "kind": rng.choice(CONTACT_KINDS),
        "outcome": rng.choice(CONTACT_OUTCOMES),
        "duration_minutes": rng.choice((5, 10, 15, 30, 45, 60)),
        "notes": "Talked through what matters: money worries, getting out more, sleep.",
        "recorded_by_id": patient["holder_id"],
        "created_at": at,
    }


def _case(rng: _Random, patient: dict, today: date) -> tuple[dict, list[dict]]:
    ended = rng.random() < 0.2
    stage = rng.choice(ENDED_STAGES if ended else OPEN_STAGES)
    decision = rng.day_between(today - timedelta(days=400), today - timedelta(days=5))
    created = rng.moment_on(min(today, decision + timedelta(days=3)))
    pip = rng.random() < 0.7
    case = {
        "id": rng.uuid(),
        "patient_id": patient["id"],
        "holder_id": patient["holder_id"],
        "benefit": Benefit.PIP if pip else rng.choice([Benefit.ESA, Benefit.UC, Benefit.AA]),
        "stage": stage,
        "stage_changed_at": created,
        "daily_living_before": ComponentAward.STANDARD if pip else "",
        "mobility_before": ComponentAward.ENHANCED if pip else "",
        "daily_living_decided": ComponentAward.NONE if pip else "",
        "mobility_decided": ComponentAward.STANDARD if pip else "",
        "decision_summary": "DWP reduced the award after a review.",
        "decision_date": decision,
        "mr_requested_date": decision + timedelta(days=20),
        "motability_customer": patient["motability_customer"],
        "pip_choices": {"preparing_food": "e", "moving_around": "c"} if pip else {},
        "closed_date": today if ended else None,
        "closed_reason": "Finished" if ended else "",
        "created_by_id": patient["holder_id"],
        "created_at": created,
        "updated_at": created,
    }
    deadlines = [
        {
            "id": rng.uuid(),
            "case_id": case["id"],
            "kind": kind,
            "label": kind.label,
            "due": today + timedelta(days=rng.randint(-60, 300)),
            "is_computed": True,
            "status": "met" if ended else "open",
            "status_changed_at": created if ended else None,
            "created_at": created,
        }
        for kind in CASE_DEADLINE_KINDS
    ]
    deadlines.append(
        {
            "id": rng.uuid(),
            "case_id": case["id"],
            "kind": DeadlineKind.TASK,
            "label": "Send the evidence to the tribunal",
            "due": today + timedelta(days=rng.randint(-30, 120)),
            "status": "met" if ended else "open",
            "created_by_id": patient["holder_id"],
            "created_at": created,
        }
    )
    return case, deadlines


def _statement(
    rng: _Random, case: dict, patient: dict, gps: list[uuid.UUID], today: date
) -> tuple[dict, dict | None]:
    roll = 0.0 if case["stage"] in ENDED else rng.random()
    status = (
        StatementStatus.SIGNED
        if roll < 0.5
        else StatementStatus.DRAFT
        if roll < 0.7
        else StatementStatus.REQUESTED
    )
    gp = rng.choice(gps) if gps else None
    statement = {
        "id": rng.uuid(),
        "case_id": case["id"],
        "kind": StatementKind.GP,
        "status": status,
        "requested_by_id": patient["holder_id"],
        "requested_of_user_id": gp if rng.random() < 0.5 else None,
        "requested_of_practice_id": patient["practice_id"],
        "request_message": "Please describe how the conditions affect daily living.",
        "created_at": case["created_at"],
        "updated_at": case["created_at"],
    }
    if status != StatementStatus.REQUESTED:
        statement |= {
            "conditions": "Rheumatoid arthritis; generalised anxiety.",
            "treatment": "Methotrexate weekly; sertraline.",
            "statement": "Needs help with cooking, washing and dressing on most days.",
            "author_id": gp,
        }
    if status == StatementStatus.SIGNED:
        statement |= {
            "signed_by_id": gp,
            "signer_name": "Dr Scale",
            "signer_role": "GP",
            "signed_at": case["created_at"] + timedelta(days=10),
            "content_hash": hashlib.sha256(str(statement["id"]).encode()).hexdigest(),
        }
        return statement, None
    deadline = {
        "id": rng.uuid(),
        "case_id": case["id"],
        "kind": DeadlineKind.STATEMENT,
        "label": "GP statement",
        "due": today + timedelta(days=rng.randint(-20, 30)),
        "status": "open",
        "created_by_id": patient["holder_id"],
        "created_at": case["created_at"],
    }
    statement["deadline_id"] = deadline["id"]
    return statement, deadline

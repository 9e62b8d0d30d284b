"""Benefit-appeal cases, their deadlines, stage changes and notes, and the dated benefit rates.

An **appeal case** follows one DWP decision a patient wants to challenge, from the decision
letter through mandatory reconsideration (MR) to the First-tier Tribunal. The case records the
dates on the letters; its **deadlines** are rows derived from those dates by
``appeals.services.deadlines_recompute`` (plus tasks added by hand and statement requests from
other apps), so reminders and reports query one indexed table. The stage moves only through
``appeals.stages.TRANSITIONS``; each move is a ``StageChange`` row saying who and when.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from appeals.pip import Award, RuleSet, rule_set_for


class Benefit(models.TextChoices):
    PIP = "pip", "Personal Independence Payment (PIP)"
    ESA = "esa", "Employment and Support Allowance (ESA)"
    UC = "uc", "Universal Credit (UC)"
    DLA = "dla", "Disability Living Allowance (DLA)"
    AA = "aa", "Attendance Allowance (AA)"


# The DWP's own benefit codes, printed on letters to DWP and HMCTS.
DWP_CODES: dict[str, str] = {
    Benefit.PIP: "002",
    Benefit.ESA: "051",
    Benefit.UC: "001",
    Benefit.DLA: "037",
    Benefit.AA: "013",
}


class ComponentAward(models.TextChoices):
    """The rate of one PIP component (same values as ``appeals.pip.Award``)."""

    NONE = Award.NONE.value, "None"
    STANDARD = Award.STANDARD.value, "Standard rate"
    ENHANCED = Award.ENHANCED.value, "Enhanced rate"


class Component(models.TextChoices):
    DAILY_LIVING = "daily_living", "Daily living"
    MOBILITY = "mobility", "Mobility"


class Stage(models.TextChoices):
    """Stages in the tribunal service's own words, so they match what the appellant sees."""

    DECISION_RECEIVED = "decision_received", "Decision received"
    MR_REQUESTED = "mr_requested", "MR requested"
    MR_DECIDED = "mr_decided", "MR decided"
    APPEAL_LODGED = "appeal_lodged", "Appeal lodged"
    WITH_DWP = "with_dwp", "With DWP"
    RESPONSE_RECEIVED = "response_received", "Response received"
    HEARING_BOOKED = "hearing_booked", "Hearing booked"
    HEARING = "hearing", "Hearing"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed (DWP revised its decision)"
    STRUCK_OUT = "struck_out", "Struck out"
    ADJOURNED = "adjourned", "Adjourned"
    POSTPONED = "postponed", "Postponed"
    UPPER_TRIBUNAL = "upper_tribunal", "Upper Tribunal"


class MRResult(models.TextChoices):
    UNCHANGED = "unchanged", "Decision not changed"
    CHANGED_IN_PART = "changed_in_part", "Decision changed in part"
    CHANGED_IN_FULL = "changed_in_full", "Decision changed in full"


class HearingType(models.TextChoices):
    PAPER = "paper", "Paper (no hearing)"
    ORAL = "oral", "Oral hearing"


class Outcome(models.TextChoices):
    IN_FAVOUR = "in_favour", "Decision in favour of the appellant"
    PARTLY_IN_FAVOUR = "partly_in_favour", "Decision partly in favour"
    UPHELD = "upheld", "DWP decision upheld"
    REVISED_BY_DWP = "revised_by_dwp", "DWP revised its decision (appeal lapsed)"


SUCCESSFUL_OUTCOMES = frozenset(
    {Outcome.IN_FAVOUR, Outcome.PARTLY_IN_FAVOUR, Outcome.REVISED_BY_DWP}
)


def _component_field(verbose_name: str, help_text: str = "") -> models.CharField:
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=ComponentAward.choices,
        blank=True,
        help_text=help_text,
    )


class AppealCase(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appeal_cases"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        limit_choices_to={"role": "link_worker"},
        verbose_name="link worker",
        help_text="The link worker who holds this appeal.",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeal_cases",
        help_text="The referral this appeal came from, if any.",
    )
    benefit = models.CharField(max_length=5, choices=Benefit.choices, default=Benefit.PIP)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.DECISION_RECEIVED, db_index=True
    )
    stage_changed_at = models.DateTimeField(null=True, blank=True)

    # What DWP decided (PIP components; blank for other benefits).
    daily_living_before = _component_field(
        "daily living before", "The rate paid before this decision (none for a new claim)."
    )
    mobility_before = _component_field("mobility before")
    daily_living_decided = _component_field("daily living decided", "What DWP's letter awards.")
    mobility_decided = _component_field("mobility decided")
    decision_summary = models.TextField(
        blank=True, help_text="What the letter says, in a sentence or two (any benefit)."
    )

    decision_date = models.DateField(
        null=True, blank=True, help_text="The date printed on DWP's decision letter."
    )
    statement_of_reasons_requested = models.BooleanField(
        default=False,
        help_text="Asking DWP for a written statement of reasons adds 14 days to the MR limit.",
    )
    mr_requested_date = models.DateField(
        "MR requested on", null=True, blank=True, help_text="When DWP received the MR request."
    )
    mr_notice_date = models.DateField(
        "MR notice date",
        null=True,
        blank=True,
        help_text="The date on the mandatory reconsideration notice.",
    )
    mr_result = models.CharField("MR result", max_length=20, choices=MRResult.choices, blank=True)
    appeal_lodged_date = models.DateField(
        "appeal (SSCS1) lodged on", null=True, blank=True, help_text="When HMCTS received it."
    )
    tribunal_reference = models.CharField(
        max_length=30, blank=True, help_text="HMCTS's appeal reference, e.g. SC242/25/01234."
    )
    dwp_response_date = models.DateField("DWP response received on", null=True, blank=True)
    hearing_type = models.CharField(max_length=10, choices=HearingType.choices, blank=True)
    hearing_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(
        null=True, blank=True, help_text="The date of the tribunal's decision notice."
    )
    daily_living_after_appeal = _component_field("daily living after appeal")
    mobility_after_appeal = _component_field("mobility after appeal")
    closed_date = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)

    motability_customer = models.BooleanField(
        default=False, help_text="The patient leases a car through the Motability scheme."
    )
    mobility_allowance_end_date = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the mobility award is paid (from DWP's letter). Sets the "
        "Motability car-return date.",
    )

    pip_choices = models.JSONField(
        default=dict,
        blank=True,
        help_text="Descriptor letter chosen for each PIP activity in the points estimate.",
    )

    # Money, worked out from the components and the rate table (never typed).
    weekly_before = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    weekly_decided = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    weekly_after_appeal = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    arrears = models.DecimalField(
        "backdated arrears", max_digits=10, decimal_places=2, null=True, blank=True
    )
    annual_gain = models.DecimalField(
        "annualised gain", max_digits=10, decimal_places=2, null=True, blank=True
    )

    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change; a form from an older version is refused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["holder", "stage"], name="appeal_holder_stage"),
            models.Index(fields=["patient", "-created_at"], name="appeal_patient_created"),
        ]

    def __str__(self) -> str:
        ref = f" {self.tribunal_reference}" if self.tribunal_reference else ""
        return f"{self.get_benefit_display()} appeal{ref}"

    @property
    def dwp_code(self) -> str:
        return DWP_CODES[self.benefit]

    @property
    def is_pip(self) -> bool:
        return self.benefit == Benefit.PIP

    @property
    def pip_rule_set(self) -> RuleSet | None:
        """The PIP descriptors and thresholds the case is judged under: the rule set in force
        on DWP's decision date (today's while the date is not entered). None for other
        benefits; ``ValueError`` for a decision date before PIP existed."""
        if not self.is_pip:
            return None
        return rule_set_for(self.decision_date or timezone.localdate())

    @property
    def is_successful(self) -> bool:
        return self.outcome in SUCCESSFUL_OUTCOMES

    @property
    def motability_at_risk(self) -> bool:
        """A Motability customer whose mobility award stops (or is cut below enhanced), until
        an appeal restores the enhanced rate."""
        if not self.motability_customer or self.mobility_after_appeal == ComponentAward.ENHANCED:
            return False
        if self.mobility_allowance_end_date:
            return True
        return self.mobility_before == ComponentAward.ENHANCED and self.mobility_decided in (
            ComponentAward.NONE,
            ComponentAward.STANDARD,
        )


class StageChange(models.Model):
    """One move of a case's stage: from where, to where, by whom, when, and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["case", "at"], name="appeal_stagechange_case_at")]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class DeadlineKind(models.TextChoices):
    """What a deadline is for. Computed kinds follow from the case's dates; ``statement`` and
    ``task`` rows are added by people (or by other apps, e.g. a GP statement request)."""

    MR = "mr", "Mandatory reconsideration request"
    APPEAL = "appeal", "Appeal to the tribunal (SSCS1)"
    DWP_RESPONSE = "dwp_response", "DWP response to the appeal"
    HEARING_7_DAYS = "hearing_7_days", "Hearing in 7 days"
    HEARING_1_DAY = "hearing_1_day", "Hearing tomorrow"
    MOTABILITY_RETURN = "motability_return", "Motability car return"
    STATEMENT = "statement", "Supporting statement"
    TASK = "task", "Task"


COMPUTED_KINDS = frozenset(
    {
        DeadlineKind.MR,
        DeadlineKind.APPEAL,
        DeadlineKind.DWP_RESPONSE,
        DeadlineKind.HEARING_7_DAYS,
        DeadlineKind.HEARING_1_DAY,
        DeadlineKind.MOTABILITY_RETURN,
    }
)


# Deadlines met by recording a step on the case (its date); their status follows that date.
MET_BY_CASE_DATES = frozenset({DeadlineKind.MR, DeadlineKind.APPEAL, DeadlineKind.DWP_RESPONSE})
# Preparation before a hearing: ticked off by hand, and met anyway once the hearing is held.
HEARING_REMINDERS = frozenset({DeadlineKind.HEARING_7_DAYS, DeadlineKind.HEARING_1_DAY})


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    WAIVED = "waived", "Waived"


class Deadline(models.Model):
    """A dated thing that must happen on a case. Rows of a computed kind are owned by
    ``deadlines_recompute`` (at most one per case and kind); others by whoever added them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    label = models.CharField(max_length=200)
    due = models.DateField()
    is_computed = models.BooleanField(
        default=False, help_text="Worked out from the case's dates; changes when they change."
    )
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    status_reason = models.CharField(max_length=200, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "created_at"]
        indexes = [
            models.Index(fields=["status", "due"], name="deadline_status_due"),
            models.Index(fields=["case", "status", "due"], name="deadline_case_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(is_computed=True),
                name="deadline_one_computed_per_kind",
            ),
            models.CheckConstraint(
                name="deadline_waived_has_reason",
                condition=~Q(status="waived") | ~Q(status_reason=""),
                violation_error_message="Say why the deadline is waived.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.due:%d/%m/%Y})"

    @property
    def is_met_by_case_dates(self) -> bool:
        return self.kind in MET_BY_CASE_DATES

    @property
    def can_reopen(self) -> bool:
        """Waived deadlines, and those marked done by hand, can be opened again."""
        if self.status == DeadlineStatus.OPEN:
            return False
        return self.status == DeadlineStatus.WAIVED or not self.is_met_by_case_dates

    @property
    def tone(self) -> str:
        return {"met": "success", "missed": "danger", "waived": "secondary"}.get(
            self.status, "primary"
        )

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def is_overdue(self, today: date) -> bool:
        return self.status == DeadlineStatus.OPEN and self.due < today


class CaseNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"], name="appeal_note_case_created")]

    def __str__(self) -> str:
        return f"Note on {self.case_id} at {self.created_at:%Y-%m-%d %H:%M}"


class BenefitRate(models.Model):
    """The weekly amount of one benefit component at one rate, from the start of a tax year.

    Administrators add a row for each component every April; the rate in force on a date is
    the row with the latest ``valid_from`` on or before it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    benefit = models.CharField(max_length=5, choices=Benefit.choices, default=Benefit.PIP)
    component = models.CharField(max_length=20, choices=Component.choices)
    rate = models.CharField(
        max_length=10,
        choices=[c for c in ComponentAward.choices if c[0] != ComponentAward.NONE],
    )
    valid_from = models.DateField(help_text="First day of the tax year, e.g. 6 April 2025.")
    weekly_amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )

    class Meta:
        ordering = ["benefit", "-valid_from", "component", "rate"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "component", "rate", "valid_from"],
                name="benefit_rate_unique",
                violation_error_message="There is already a rate for this component and date.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_benefit_display()} {self.get_component_display()} "
            f"{self.get_rate_display()} from {self.valid_from:%d/%m/%Y}: £{self.weekly_amount}"
        )

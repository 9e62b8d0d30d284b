"""Personal Independence Payment descriptors and the points they score.

The descriptor tables live in ``appeals/data/pip_descriptors.json`` as dated rule sets, so a
change in the law is a new rule set with its own ``in_force_from`` date and the old one stays
available for decisions made under it. ``score`` adds up the points of the descriptors chosen
for each activity and gives the likely award of each component.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

DAILY_LIVING = "daily_living"
MOBILITY = "mobility"
COMPONENTS: tuple[str, ...] = (DAILY_LIVING, MOBILITY)


class Award(StrEnum):
    """The rate of a PIP component that a points total is likely to give."""

    NONE = "none"
    STANDARD = "standard"
    ENHANCED = "enhanced"


@dataclass(frozen=True)
class Descriptor:
    """One descriptor of an activity: its letter, a plain-English paraphrase and its points."""

    letter: str
    text: str
    points: int


@dataclass(frozen=True)
class Activity:
    """One of the twelve PIP activities and its descriptors, in the order the law lists them."""

    number: int
    key: str
    title: str
    component: str
    descriptors: tuple[Descriptor, ...]

    @property
    def max_points(self) -> int:
        """The highest points any descriptor of this activity scores."""
        return max(d.points for d in self.descriptors)

    def descriptor(self, letter: str) -> Descriptor:
        """Return the descriptor with this letter, or raise ``ValueError``."""
        wanted = letter.strip().lower()
        for descriptor in self.descriptors:
            if descriptor.letter == wanted:
                return descriptor
        raise ValueError(f"Activity {self.number} ({self.title}) has no descriptor {letter!r}")


@dataclass(frozen=True)
class RuleSet:
    """The PIP descriptor tables and thresholds in force from a given date.

    A component gives the standard rate from ``standard_threshold`` points and the enhanced
    rate from ``enhanced_threshold`` points (8 and 12 under regs 5 and 6 of SI 2013/377). When
    ``min_single_activity_points`` is set, the daily living component is awarded only if at
    least one daily living activity scores that many points on its own.
    """

    key: str
    title: str
    source: str
    in_force_from: date
    standard_threshold: int
    enhanced_threshold: int
    components: Mapping[str, tuple[Activity, ...]]
    min_single_activity_points: int | None = None

    def activities(self, component: str | None = None) -> tuple[Activity, ...]:
        """The activities of one component, or of both in order when ``component`` is None."""
        if component is None:
            return tuple(a for c in COMPONENTS for a in self.components[c])
        if component not in self.components:
            raise ValueError(f"Unknown PIP component: {component!r}")
        return self.components[component]

    def activity(self, key: str) -> Activity:
        """Return the activity with this key, or raise ``ValueError``."""
        for activity in self.activities():
            if activity.key == key:
                return activity
        raise ValueError(f"Unknown PIP activity: {key!r}")

    def max_points(self, component: str) -> int:
        """The most points the component can score: each activity's top descriptor added up."""
        return sum(a.max_points for a in self.activities(component))

    def award_for(self, component: str, points: int, best_activity_points: int = 0) -> Award:
        """The award a component total gives under this rule set's thresholds."""
        if (
            component == DAILY_LIVING
            and self.min_single_activity_points is not None
            and best_activity_points < self.min_single_activity_points
        ):
            return Award.NONE
        if points >= self.enhanced_threshold:
            return Award.ENHANCED
        if points >= self.standard_threshold:
            return Award.STANDARD
        return Award.NONE


@dataclass(frozen=True)
class ScoreResult:
    """Points and likely awards for a set of chosen descriptors under one rule set.

    Activities without a chosen descriptor score 0 in ``activity_points``.
    """

    rule_set_key: str
    choices: Mapping[str, str]
    activity_points: Mapping[str, int]
    component_points: Mapping[str, int]
    awards: Mapping[str, Award]

    @property
    def daily_living_points(self) -> int:
        return self.component_points[DAILY_LIVING]

    @property
    def mobility_points(self) -> int:
        return self.component_points[MOBILITY]

    @property
    def daily_living_award(self) -> Award:
        return self.awards[DAILY_LIVING]

    @property
    def mobility_award(self) -> Award:
        return self.awards[MOBILITY]


def score(rule_set: RuleSet, choices: Mapping[str, str]) -> ScoreResult:
    """Add up the points of the chosen descriptors, per activity and per component.

    ``choices`` maps activity keys to descriptor letters; only one descriptor counts per
    activity (SI 2013/377, reg 7). Raises ``ValueError`` for an unknown activity or letter.
    """
    chosen: dict[str, str] = {}
    for key, letter in choices.items():
        chosen[key] = rule_set.activity(key).descriptor(letter).letter
    activity_points = {
        a.key: a.descriptor(chosen[a.key]).points if a.key in chosen else 0
        for a in rule_set.activities()
    }
    component_points: dict[str, int] = {}
    awards: dict[str, Award] = {}
    for component in COMPONENTS:
        points = [activity_points[a.key] for a in rule_set.activities(component)]
        component_points[component] = sum(points)
        awards[component] = rule_set.award_for(component, sum(points), max(points))
    return ScoreResult(
        rule_set_key=rule_set.key,
        choices=MappingProxyType(chosen),
        activity_points=MappingProxyType(activity_points),
        component_points=MappingProxyType(component_points),
        awards=MappingProxyType(awards),
    )


def parse_rule_sets(data: Mapping[str, Any]) -> tuple[RuleSet, ...]:
    """Build rule sets from the JSON structure, oldest first, checking it is consistent.

    Raises ``ValueError`` for duplicate keys or letters, a missing component, or two rule sets
    in force from the same date.
    """
    parsed = tuple(
        sorted((_parse_rule_set(raw) for raw in data["rule_sets"]), key=lambda r: r.in_force_from)
    )
    _require_unique((r.key for r in parsed), "rule set key")
    _require_unique((r.in_force_from.isoformat() for r in parsed), "rule set start date")
    return parsed


def _parse_rule_set(raw: Mapping[str, Any]) -> RuleSet:
    if set(raw["components"]) != set(COMPONENTS):
        raise ValueError(f"Rule set {raw['key']!r} must have components {COMPONENTS}")
    components = {
        component: tuple(
            Activity(
                number=int(activity["number"]),
                key=activity["key"],
                title=activity["title"],
                component=component,
                descriptors=tuple(
                    Descriptor(letter=d["letter"], text=d["text"], points=int(d["points"]))
                    for d in activity["descriptors"]
                ),
            )
            for activity in raw["components"][component]
        )
        for component in COMPONENTS
    }
    activities = [a for c in COMPONENTS for a in components[c]]
    _require_unique((a.key for a in activities), "activity key")
    for activity in activities:
        _require_unique((d.letter for d in activity.descriptors), f"letter in {activity.key}")
    minimum = raw.get("min_single_activity_points")
    return RuleSet(
        key=raw["key"],
        title=raw["title"],
        source=raw.get("source", ""),
        in_force_from=date.fromisoformat(raw["in_force_from"]),
        standard_threshold=int(raw["standard_threshold"]),
        enhanced_threshold=int(raw["enhanced_threshold"]),
        components=MappingProxyType(components),
        min_single_activity_points=None if minimum is None else int(minimum),
    )


def _require_unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"Duplicate PIP {what}: {value!r}")
        seen.add(value)


@cache
def rule_sets() -> tuple[RuleSet, ...]:
    """The rule sets in ``appeals/data/pip_descriptors.json``, oldest first."""
    text = resources.files("appeals").joinpath("data/pip_descriptors.json").read_text("utf-8")
    return parse_rule_sets(json.loads(text))


def rule_set_for(on: date, candidates: Iterable[RuleSet] | None = None) -> RuleSet:
    """The rule set in force on a date: the latest one whose ``in_force_from`` is on or before it.

    ``candidates`` defaults to the packaged rule sets. Raises ``ValueError`` for a date before
    PIP existed.
    """
    pool = rule_sets() if candidates is None else tuple(candidates)
    in_force = [r for r in pool if r.in_force_from <= on]
    if not in_force:
        raise ValueError(f"No PIP rule set was in force on {on.isoformat()}")
    return max(in_force, key=lambda r: r.in_force_from)


def activity_keys(rule_set: RuleSet | None = None) -> tuple[str, ...]:
    """Keys of the twelve activities in order, daily living first, of the latest rule set."""
    return tuple(a.key for a in (rule_set or rule_sets()[-1]).activities())


ACTIVITY_KEYS: tuple[str, ...] = activity_keys()

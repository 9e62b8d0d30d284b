"""The canonical content, its SHA-256 hash and the headed sections letters reuse."""

import hashlib

import pytest

from appeals.statements import content
from appeals.statements.models import SupportStatement
from tests.factories import SignedStatementFactory

pytestmark = pytest.mark.django_db


def test_hash_is_sha256_of_the_canonical_json(world):
    statement = SignedStatementFactory()
    canonical = content.canonical_content(statement)
    assert statement.content_hash == hashlib.sha256(canonical).hexdigest()
    assert b'"conditions":"Fibromyalgia; depression."' in canonical
    assert canonical == content.canonical_content(SupportStatement.objects.get(pk=statement.pk))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("conditions", "Asthma"),
        ("statement", "Different words"),
        ("signer_registration", "GMC 0000000"),
        ("activity_impacts", {"moving_around": {"help": "Wheelchair"}}),
    ],
)
def test_changing_anything_signed_changes_the_hash(world, field, value):
    statement = SignedStatementFactory()
    setattr(statement, field, value)
    assert not content.hash_matches(statement)


def test_impact_order_and_blank_parts_do_not_change_the_hash(world):
    statement = SignedStatementFactory(
        activity_impacts={"preparing_food": {"help": "Prompting", "how_often": "Daily"}}
    )
    statement.activity_impacts = {
        "preparing_food": {"how_often": "Daily", "how_reliably": "  ", "help": "Prompting"}
    }
    assert content.hash_matches(statement)


def test_sections_follow_the_form_order_with_pip_activity_titles(world):
    statement = SupportStatement(
        conditions="COPD",
        duration="",
        treatment="Inhalers",
        activity_impacts={
            "moving_around": {"how_reliably": "Not reliably", "help": "Stick"},
            "preparing_food": {"how_often": "Every day"},
        },
        mental_health_effect="Anxious",
        statement="More",
    )
    assert content.statement_sections(statement) == [
        ("Conditions and diagnoses", "COPD"),
        ("Treatment and medication", "Inhalers"),
        ("Activity 1: Preparing food", "How often: Every day"),
        ("Activity 12: Moving around", "How reliably: Not reliably\nWhat help is needed: Stick"),
        ("Effect on mental health", "Anxious"),
        ("Statement", "More"),
    ]


def test_activities_are_the_twelve_of_the_points_estimate():
    from appeals.pip import activity_keys

    assert tuple(a.key for a in content.pip_activities()) == activity_keys()
    assert len(content.pip_activities()) == 12

"""Whatever is typed into the statement forms, the pages answer with the form (and its
errors) or a redirect, never a 500, and a refused form saves nothing."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.statements.models import StatementStatus, SupportStatement
from tests.factories import SupportStatementFactory

pytestmark = pytest.mark.django_db

FIELDS = ("conditions", "duration", "treatment", "mental_health_effect", "statement")
IMPACT_FIELDS = (
    "impact__preparing_food__how_often",
    "impact__moving_around__help",
    "impact__not_an_activity__help",
)
text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["\x00", "a\x00b", " ", "x" * 10_001, "y" * 1_001, "<script>", "😀" * 5]),
)
posts = st.dictionaries(
    st.sampled_from(FIELDS + IMPACT_FIELDS + ("sign", "save", "fingerprint")), text
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=posts)
def test_write_form_never_fails_and_saves_nothing_on_error(world, client, data):
    statement = SupportStatementFactory(case__patient=world.patient)
    client.force_login(world.gp)
    response = client.post(reverse("statements:write", args=[statement.pk]), data)
    assert response.status_code in (200, 302)
    saved = SupportStatement.objects.get(pk=statement.pk)
    if response.status_code == 200:
        assert "There is a problem" in response.text
        assert saved.status == StatementStatus.REQUESTED
        assert saved.conditions == saved.statement == ""
        assert saved.activity_impacts == {}
    else:
        assert saved.status == StatementStatus.DRAFT
        for name in FIELDS:
            assert getattr(saved, name) == (data.get(name) or "").strip()
        assert set(saved.activity_impacts) <= {"preparing_food", "moving_around"}


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["requested_of", "message", "due"]),
        st.one_of(text, st.dates().map(str), st.sampled_from(["practice", "31/02/2025"])),
    )
)
def test_request_form_never_fails_and_saves_nothing_on_error(world, client, data):
    from tests.factories import AppealCaseFactory

    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    client.force_login(world.link_worker)
    response = client.post(reverse("statements:request", args=[case.pk]), data)
    assert response.status_code in (200, 302)
    created = SupportStatement.objects.filter(case=case)
    if response.status_code == 200:
        assert "There is a problem" in response.text
        assert not created.exists()
        assert not case.deadlines.filter(kind="statement").exists()
    else:
        assert created.count() == 1


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["password", "registration", "confirm", "fingerprint"]), text
    )
)
def test_sign_form_never_fails_and_signs_nothing_on_error(world, client, data):
    statement = SupportStatementFactory(case__patient=world.patient, draft=True)
    client.force_login(world.gp)
    response = client.post(reverse("statements:sign", args=[statement.pk]), data)
    assert response.status_code == 200  # a random password is never the right one
    assert "There is a problem" in response.text
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT
    assert statement.content_hash == ""

"""Whether a session still waits for its one-time code: one answer for the middleware, the
navigation and the two-factor pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from linkwork.accounts import two_factor

pytestmark = pytest.mark.django_db


def request_of(user, session):
    request = RequestFactory().get("/")
    request.user, request.session = user, session
    return request


def test_a_session_is_pending_until_the_code_is_passed(world):
    assert two_factor.is_pending(request_of(world.gp, {}))
    verified = {two_factor.VERIFIED_SESSION_KEY: "device"}
    assert not two_factor.is_pending(request_of(world.gp, verified))


def test_no_code_is_pending_for_a_visitor_or_a_role_without_two_factor(world, settings):
    settings.OTP_REQUIRED_ROLES = ["administrator"]
    assert not two_factor.is_pending(request_of(AnonymousUser(), {}))
    assert not two_factor.is_pending(request_of(world.gp, {}))

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from linkwork.accounts.models import Practice, Role, User
from linkwork.accounts.services import user_create
from tests.factories import PracticeFactory, ServiceFactory


@pytest.mark.django_db
def test_user_ids_are_uuids_not_sequential():
    service = ServiceFactory()
    first = user_create(username="a", role=Role.LINK_WORKER, password=None, service=service)
    second = user_create(username="b", role=Role.LINK_WORKER, password=None, service=service)
    assert len(str(first.pk)) == 36
    assert first.pk != second.pk


@pytest.mark.django_db
def test_gp_without_practice_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="A GP must belong to a practice"):
        user_create(username="gp", role=Role.GP, password=None)


@pytest.mark.django_db
def test_link_worker_without_service_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        User.objects.create(username="lw", role=Role.LINK_WORKER)


@pytest.mark.django_db
def test_only_administrators_are_staff():
    service = ServiceFactory()
    practice = PracticeFactory(service=service)
    admin = user_create(username="admin", role=Role.ADMINISTRATOR, password=None)
    manager = user_create(username="m", role=Role.MANAGER, password=None, service=service)
    gp = user_create(username="g", role=Role.GP, password=None, practice=practice)
    assert admin.is_staff
    assert admin.is_superuser
    assert not manager.is_staff
    assert not gp.is_staff


@pytest.mark.django_db
def test_user_without_password_cannot_sign_in_until_reset():
    user = user_create(username="x", role=Role.ADMINISTRATOR, password=None)
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_practice_ods_code_must_be_one_letter_and_five_digits():
    practice = Practice(ods_code="12345X", name="Bad", service=ServiceFactory())
    with pytest.raises(ValidationError) as raised:
        practice.full_clean()
    assert "ods_code" in raised.value.message_dict

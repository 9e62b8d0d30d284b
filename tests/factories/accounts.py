import factory

from linkwork.accounts.models import Practice, Role, Service, User

PASSWORD = "correct-horse-battery-staple"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n} social prescribing")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    ods_code = factory.Sequence(lambda n: f"M{n % 100000:05d}")
    name = factory.Sequence(lambda n: f"Practice {n}")
    postcode = "M1 1AA"
    service = factory.SubFactory(ServiceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.LINK_WORKER
    service = factory.SubFactory(ServiceFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class LinkWorkerFactory(UserFactory):
    role = Role.LINK_WORKER


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class GPFactory(UserFactory):
    role = Role.GP
    service = None
    practice = factory.SubFactory(PracticeFactory)
    professional_registration = factory.Sequence(lambda n: f"GMC {7000000 + n}")


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    service = None
    is_staff = True
    is_superuser = True

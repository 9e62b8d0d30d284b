from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients"

    def ready(self) -> None:
        from patients import timeline_entries  # noqa: F401  (registers timeline sources)

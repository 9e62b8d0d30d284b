from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Benefit appeals"

    def ready(self) -> None:
        # Adds appeal events to the patient's timeline (patients.timeline).
        from appeals import timeline  # noqa: F401

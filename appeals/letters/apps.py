from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "appeals.letters"
    label = "letters"
    verbose_name = "Evidence letters"

    def ready(self) -> None:
        from appeals.letters import views
        from appeals.sections import register_case_section

        register_case_section(
            key="letters",
            title="Evidence letters",
            template="letters/case_section.html",
            context=views.case_section_context,
        )

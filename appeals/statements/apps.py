from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "appeals.statements"
    label = "statements"
    verbose_name = "Supporting statements"

    def ready(self) -> None:
        from appeals.sections import register_case_section
        from appeals.statements.selectors import case_section_context

        register_case_section(
            key="statements",
            title="Supporting statements",
            template="statements/case_section.html",
            context=case_section_context,
        )

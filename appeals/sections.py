"""Places on the case page that other apps fill.

The case page has a **documents** area where supporting statements and evidence letters land.
An app adds its block once, at start-up (in its ``AppConfig.ready``)::

    from appeals.sections import register_case_section

    register_case_section(
        key="statements",
        title="GP supporting statements",
        template="statements/case_section.html",
        context=lambda request, case: {"statements": statements_for_case(request.user, case)},
    )

The template is included with the page's context (``case`` among it) plus
``section_context``, the dict ``context`` returns. Keep ``context`` to a fixed number of
queries: the page's query count is tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from appeals.models import AppealCase

ContextFunction = Callable[["HttpRequest", "AppealCase"], dict[str, Any]]


@dataclass(frozen=True)
class CaseSection:
    key: str
    title: str
    template: str
    context: ContextFunction | None = None


CASE_SECTIONS: dict[str, CaseSection] = {}


def register_case_section(
    *, key: str, title: str, template: str, context: ContextFunction | None = None
) -> CaseSection:
    """Add (or replace, by ``key``) a block in the documents area of the case page."""
    section = CaseSection(key=key, title=title, template=template, context=context)
    CASE_SECTIONS[key] = section
    return section


def sections_for(request: HttpRequest, case: AppealCase) -> list[dict[str, Any]]:
    """The registered blocks with their context, in registration order."""
    return [
        {
            "key": section.key,
            "title": section.title,
            "template": section.template,
            "context": section.context(request, case) if section.context else {},
        }
        for section in CASE_SECTIONS.values()
    ]

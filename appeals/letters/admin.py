from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from appeals.letters import services
from appeals.letters.models import EvidenceLetter, LetterStatus
from linkwork.admin import ReadOnlyAdminMixin
from linkwork.audit.admin import AuditedAdminMixin


@admin.register(EvidenceLetter)
class EvidenceLetterAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: letters are made and retried through the services (the action below), and
    never deleted here (their PDF goes with them only through the retention service)."""

    list_display = (
        "__str__",
        "case",
        "status",
        "letter_date",
        "requested_by",
        "requested_at",
        "rendered_at",
        "page_count",
        "size_bytes",
        "attempts",
    )
    list_filter = ("status", "kind", "addressee", "requested_at")
    list_select_related = ("case", "requested_by")
    search_fields = ("=id", "=case__id", "=sha256", "requested_by__username")
    date_hierarchy = "requested_at"
    ordering = ("-requested_at",)
    actions = ("retry_failed",)

    @admin.action(description="Try the selected failed letters again")
    def retry_failed(self, request, queryset) -> None:
        count = 0
        for letter in queryset.filter(status=LetterStatus.FAILED):
            try:
                services.letter_retry(letter=letter, by=request.user)
            except ValidationError:
                continue
            count += 1
        self.message_user(request, f"{count} letter(s) queued again.", messages.SUCCESS)

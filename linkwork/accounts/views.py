"""Role home pages and the health endpoint."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkwork.accounts import policy, selectors
from linkwork.celery import broker_is_reachable


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on the page made for it."""
    user = request.user
    if policy.is_link_worker(user):
        from patients.views import render_caseload

        return render_caseload(
            request, default_holder="mine", template="accounts/home_link_worker.html"
        )
    if policy.is_gp(user):
        from appeals.statements.views import gp_home

        return gp_home(request)
    if policy.is_manager(user):
        context = {"service": user.service, **selectors.service_overview(user.service)}
        return render(request, "accounts/home_manager.html", context)
    if policy.can_use_admin_site(user):
        return redirect("admin:index")
    return render(request, "accounts/home_no_role.html", status=403)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Reachability of the database and the Celery broker, as JSON with no secrets."""
    checks = {"database": _database_ok(), "broker": broker_is_reachable()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{k: _word(v) for k, v in checks.items()},
    }
    body["version"] = settings.LINKWORK_VERSION
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means unreachable; the reason is not shown to the caller
        return False


def _word(ok: bool) -> str:
    return "ok" if ok else "unreachable"

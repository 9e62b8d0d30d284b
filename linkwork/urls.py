"""The URL configuration. Every URL requires sign-in (``LoginRequiredMiddleware``) except those
marked ``login_not_required``: sign-in, password reset and ``/healthz``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from linkwork.accounts import auth_views as security_views
from linkwork.accounts import views as account_views
from linkwork.accounts.middleware import two_factor_exempt

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/two-factor/", security_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/set-up/", security_views.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/password/change/",
        security_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("audit/", include("linkwork.audit.urls")),
    path("patients/", include("patients.urls")),
    path("referrals/", include("referrals.urls")),
    path("appeals/", include("appeals.urls")),
    path("notifications/", include("linkwork.reminders.urls")),
    path("statements/", include("appeals.statements.urls")),
    path("letters/", include("appeals.letters.urls")),
    path("reports/", include("linkwork.reports.urls")),
]

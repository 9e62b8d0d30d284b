"""Headers and transport: production settings pass ``check --deploy``, every page carries the
Content Security Policy and ``Cache-Control: no-store``, and no template loads anything from
another host or runs inline script."""

import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
EXTERNAL_URL = re.compile(
    r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def for_pdf(path: Path) -> bool:
    """Templates rendered to PDF by WeasyPrint on the server (a ``pdf`` folder, or ``pdf`` in
    the name) are never served to a browser, so the browser's policy does not apply."""
    relative = path.relative_to(TEMPLATES)
    return "pdf" in relative.parts[:-1] or "pdf" in relative.stem.split("_")


def browser_templates() -> list[Path]:
    return [path for path in sorted(TEMPLATES.rglob("*.html")) if not for_pdf(path)]


def offences(pattern: re.Pattern) -> list[str]:
    found = []
    for path in browser_templates():
        text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    return found


def test_templates_are_scanned():
    assert TEMPLATES / "base.html" in browser_templates()
    assert len(browser_templates()) > 10


def test_no_template_loads_or_links_to_another_host():
    assert offences(EXTERNAL_URL) == []


def test_no_template_has_inline_script_or_event_handlers():
    assert offences(INLINE_SCRIPT) == []
    assert offences(EVENT_HANDLER) == []
    assert offences(JAVASCRIPT_URL) == []


def test_no_template_has_inline_styles_the_policy_would_refuse():
    assert offences(INLINE_STYLE) == []


def test_the_scan_catches_what_it_looks_for():
    sample = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<img src="https://tracker.example/p.gif"><a href="//cdn.example/x">'
        '<div style="color:red" onclick="x()">'
    )
    assert len(INLINE_SCRIPT.findall(sample)) == 1
    assert len(EXTERNAL_URL.findall(sample)) == 2
    assert len(INLINE_STYLE.findall(sample)) == 1
    assert len(EVENT_HANDLER.findall(sample)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "home", "password_change", "audit:log"])
def test_pages_carry_the_content_security_policy(world, client, url_name):
    if url_name != "login":
        client.force_login(world.manager)
    response = client.get(reverse(url_name))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    # Bootstrap's CSS draws select arrows and close buttons as data: images; nothing else.
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "http" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda world: reverse("home"),
        lambda world: reverse("audit:log"),
        lambda world: reverse("audit:patient_access", args=[world.patient.pk]),
        lambda world: reverse("password_change"),
    ],
)
def test_signed_in_pages_are_never_stored_by_browser_or_proxy(world, client, url):
    client.force_login(world.manager)
    response = client.get(url(world))
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_and_redirects_are_not_stored_either(world, client):
    client.force_login(world.gp)
    not_found = client.get(reverse("audit:patient_access", args=[world.outside_practice.pk]))
    assert not_found.status_code == 404
    assert "no-store" in not_found.headers["Cache-Control"]
    assert "no-store" in client.get(reverse("two_factor_verify")).headers["Cache-Control"]


def deploy_check(**overrides: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_")) and k != "DEBUG"
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "linkwork.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "linkwork.example.nhs.uk",
        "LINKWORK_VAR_DIR": tempfile.gettempdir(),
    } | overrides
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_would_catch_a_weakened_setting():
    result = deploy_check(SESSION_COOKIE_SECURE="false")
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr


def test_check_deploy_warns_when_a_patient_data_role_skips_two_factor():
    result = deploy_check(OTP_REQUIRED_ROLES="administrator,manager")
    assert result.returncode != 0
    assert "linkwork.W001" in result.stdout + result.stderr
    assert "gp, link_worker" in result.stdout + result.stderr


def test_a_misspelt_role_in_the_setting_is_an_error():
    result = deploy_check(OTP_REQUIRED_ROLES="administrator,doctor")
    assert "linkwork.E001" in result.stdout + result.stderr
    assert "doctor" in result.stdout + result.stderr


def test_two_factor_is_required_of_every_role_that_sees_patient_data_by_default():
    assert set(settings.OTP_REQUIRED_ROLES) == {"link_worker", "gp", "manager", "administrator"}


@pytest.mark.django_db
def test_csrf_cookie_is_out_of_reach_of_scripts(client):
    response = client.get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"]

"""The building blocks of the browser tests, shared with ``scripts/screenshots.py``.

* ``launch``: Debian's headless Chromium (``/usr/bin/chromium``, or ``LINKWORK_CHROMIUM``)
  driven by Playwright. Playwright's own browser download is never used.
* ``sign_in``: signs in through the real sign-in form, then passes two-factor authentication
  when the site asks for a code. The one place to change when signing in changes.
* ``assert_no_serious_axe_violations``: runs axe-core (vendored from npm in ``vendor/``) on the
  page and fails on any serious or critical violation.
* ``assert_no_horizontal_scroll``: the page fits the viewport's width (WCAG 1.4.10 reflow).
* ``PageLog``: every request, console error and uncaught script error of a page; ``problems``
  lists requests that would leave the machine and errors (a Content Security Policy refusal is a
  console error).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.factories.accounts import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request

    from linkwork.accounts.models import User

CHROMIUM = os.environ.get("LINKWORK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
SMALL_SCREEN = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS pixels without scrolling
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# Schemes that never reach a network: inline images and documents made by the page itself.
LOCAL_SCHEMES = ("data", "blob", "about")


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from the operating system (Debian package ``chromium``)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"The browser tests need Chromium at {CHROMIUM}. On Debian or Ubuntu: "
            "`sudo apt-get install chromium` (`make test` does it when run as root), or set "
            "LINKWORK_CHROMIUM to the path of a Chromium or Chrome binary."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def base_url(live_server: Any) -> str:
    """The site's address from pytest-django's ``live_server`` or a plain URL string."""
    return str(getattr(live_server, "url", live_server)).rstrip("/")


# --- Signing in ------------------------------------------------------------------------------


def sign_in(page: Page, live_server: Any, user: User, *, password: str = PASSWORD) -> None:
    """Sign in as ``user`` through the sign-in form, as a person would, and pass two-factor
    authentication when the site asks for it. Ends on the page the site lands the user on."""
    prepare_two_factor(user)
    login_path = reverse("login")
    page.goto(f"{base_url(live_server)}{login_path}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_to_leave(page, login_path, f"Signing in as {user.username} failed")
    pass_two_factor(page, user)


def wait_to_leave(page: Page, path: str, failure: str) -> None:
    """Wait until the browser has left the page at ``path`` (a form was accepted)."""
    try:
        page.wait_for_url(lambda url: urlsplit(url).path != path)
    except PlaywrightTimeoutError:
        errors = page.locator(".error-summary, .invalid-feedback").all_inner_texts()
        raise AssertionError(f"{failure}: still on {page.url}; {' '.join(errors)}") from None


def prepare_two_factor(user: User) -> None:
    """Give the user a confirmed authenticator-app device (django-otp TOTP) when two-factor
    authentication is installed, so that the code page can be passed. A no-op otherwise."""
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    else:
        # A code is accepted once per 30-second step; a test may sign the same user in twice.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)


def pass_two_factor(page: Page, user: User) -> None:
    """On the two-factor page (a form with a ``code`` field), type the current code of the
    user's authenticator app and submit with Enter. Does nothing on any other page."""
    code_field = page.locator("form input[name=code]")
    if not code_field.count():
        return
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        raise AssertionError(f"{user.username} was asked for a code but has no TOTP device")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    code_path = urlsplit(page.url).path
    code_field = page.locator("main form input[name=code]")
    code_field.focus()
    page.keyboard.type(f"{code:0{device.digits}d}")
    page.keyboard.press("Enter")
    wait_to_leave(page, code_path, f"The two-factor code of {user.username} was refused")


# --- Accessibility ---------------------------------------------------------------------------


def run_axe(page: Page, options: dict | None = None) -> list[dict]:
    """axe-core's violations on the current page. axe is put into the page with ``evaluate``,
    which the page's Content Security Policy does not govern (an injected ``<script>`` element
    would be refused under ``script-src 'self'``)."""
    # A colour still moving (a CSS transition, e.g. the navbar links turning white as the
    # site's stylesheet applies on a slow load) would be read half-way: let them finish.
    page.wait_for_function(
        "() => document.getAnimations().every("
        "a => !(a instanceof CSSTransition) || a.playState !== 'running')",
        timeout=5_000,
    )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (options) => (await window.axe.run(document, options || {})).violations",
        options,
    )


def assert_no_serious_axe_violations(page: Page, options: dict | None = None) -> None:
    """Fail when axe-core finds a serious or critical violation; the message names each rule,
    the elements (CSS selectors) and what to fix."""
    blocking = [v for v in run_axe(page, options) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        raise AssertionError(describe_violations(page.url, blocking))


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"  at {target}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"  … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page reflows into the viewport's width: nothing needs horizontal scrolling."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
            width,
        )
        raise AssertionError(
            f"{page.url} is {scroll_width}px wide in a {width}px viewport; widest elements: "
            f"{', '.join(wide)}"
        )


# --- What a page did -------------------------------------------------------------------------


@dataclass
class PageLog:
    """Records what a page did. ``origin`` is the only place requests may go."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    expected_console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or ""
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        origin = urlsplit(self.origin)
        return (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc)

    def off_site_requests(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]

    def expect_console_error(self, text: str) -> None:
        """Tolerate console errors containing ``text`` (e.g. a page that answers 404 on
        purpose: Chromium logs the failed load)."""
        self.expected_console_errors.append(text)

    def unexpected_console_errors(self) -> list[str]:
        return [
            message
            for message in self.console_errors
            if not any(text in message for text in self.expected_console_errors)
        ]

    def problems(self) -> list[str]:
        return [
            *(f"request left the site: {url}" for url in self.off_site_requests()),
            *(f"console error: {text}" for text in self.unexpected_console_errors()),
            *(f"script error: {text}" for text in self.page_errors),
        ]

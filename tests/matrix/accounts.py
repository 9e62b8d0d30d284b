"""Matrix rows for the project-level URLs: home, health, sign-in, two-factor and passwords.

The matrix client has passed two-factor authentication (``force_login`` in tests/conftest.py),
so the two-factor pages send every signed-in persona on (302)."""

from tests.matrix import Row, everyone

ROWS = {
    "home": Row(expect=everyone(200, administrator=302)),
    "healthz": Row(expect=everyone(200, anonymous=200), public=True),
    "login": Row(expect=everyone(302, anonymous=200), public=True),
    "logout": Row(expect=everyone(302, anonymous=302), method="post", public=True),
    "two_factor_verify": Row(expect=everyone(302)),
    "two_factor_setup": Row(expect=everyone(302)),
    "password_change": Row(expect=everyone(200)),
    "password_change_done": Row(expect=everyone(200)),
    "password_reset": Row(expect=everyone(200, anonymous=200), public=True),
    "password_reset_done": Row(expect=everyone(200, anonymous=200), public=True),
    "password_reset_confirm": Row(
        expect=everyone(200, anonymous=200),
        kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"},
        public=True,
    ),
    "password_reset_complete": Row(expect=everyone(200, anonymous=200), public=True),
}

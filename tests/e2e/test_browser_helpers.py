"""The checks of the browser tests catch what they are for (so a green run means something)."""

import pytest

from tests.e2e.browser import assert_no_horizontal_scroll, assert_no_serious_axe_violations

CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def _serve(page, live_server, html, csp=CSP):
    """Serve ``html`` at a path of the live server's origin, with a strict CSP."""
    url = f"{live_server.url}/e2e-fixture/"
    headers = {"Content-Security-Policy": csp} if csp else {}
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers=headers,
            body=html,
        ),
    )
    page.goto(url)


def test_axe_runs_under_a_csp_that_forbids_inline_script(page, live_server):
    _serve(page, live_server, "<!doctype html><html lang='en'><title>t</title><main>ok</main>")
    assert_no_serious_axe_violations(page)
    assert page.evaluate("() => typeof window.axe") == "object"


def test_axe_check_reports_rule_and_element(page, live_server):
    _serve(
        page,
        live_server,
        "<!doctype html><html lang='en'><title>t</title><main>"
        "<img src='/static/vendor/bootstrap/img/image-01.svg' id='no-alt'>"
        "<input id='unlabelled'></main>",
    )
    with pytest.raises(AssertionError) as failure:
        assert_no_serious_axe_violations(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#no-alt" in message
    assert "label (critical)" in message


def test_axe_check_waits_for_a_colour_transition_to_finish(page, live_server):
    """A link turning from a faint to a readable colour is judged by the colour it ends on."""
    _serve(page, live_server, "<!doctype html><html lang='en'><title>t</title><main>"
           "<p style='background:#0d6efd'><a id='fading' href='#' "
           "style='color:#92befe;transition:color 1.5s linear'>Home</a></p></main>",
           csp=None)  # fmt: skip
    page.evaluate(
        "() => { const a = document.getElementById('fading'); a.getBoundingClientRect();"
        " a.style.color = '#fff'; }"
    )
    assert page.evaluate("() => document.getAnimations().length") == 1  # moving now
    assert_no_serious_axe_violations(page)
    assert page.evaluate("() => document.getAnimations().length") == 0


def test_horizontal_scroll_check_names_the_wide_element(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    _serve(page, live_server, "<!doctype html><html lang='en'><div id='wide'>x</div>")
    page.evaluate("() => { document.getElementById('wide').style.width = '600px'; }")
    with pytest.raises(AssertionError, match="div#wide"):
        assert_no_horizontal_scroll(page)


def test_a_request_elsewhere_is_recorded_and_never_sent(page, live_server, page_log):
    _serve(
        page,
        live_server,
        "<!doctype html><html lang='en'><img alt='' src='https://cdn.example.com/x.png'>",
        csp=None,
    )
    page.wait_for_load_state("networkidle")
    assert page_log.off_site_requests() == ["https://cdn.example.com/x.png"]
    # Handled here: the page fixture would otherwise fail the test for it.
    page_log.requests.clear()
    page_log.console_errors.clear()

"""A page whose server died says so, offers a reload, and reloads by itself, at the same address,
once the server is back."""

from __future__ import annotations

import pytest

from reflexmap.testing import free_port, run_server

from .conftest import ARTIFACTS, Page

pytestmark = pytest.mark.browser


def test_a_dead_server_is_announced_and_the_page_comes_back(browser, chart):
    port = free_port()
    page = Page(browser.new_context(viewport={"width": 1280, "height": 900}).new_page())
    try:
        banner = page.page.locator("[data-testid=connection-lost]")
        with run_server(port=port, log_dir=ARTIFACTS) as (url, _log):
            page.open(url + "?zone=liver&foot=right")
            page.wait_details("liver", "right")
            assert not banner.is_visible()
        # the server is stopped: before, taps stayed "pending" and nothing was said
        banner.wait_for(state="visible", timeout=30_000)
        assert "connection to the server was lost" in banner.inner_text()
        assert page.page.get_by_role("button", name="Reload").is_visible()
        page.shot("connection-lost.png")
        with run_server(port=port, log_dir=ARTIFACTS) as (url, _log):
            # reloaded by itself at the same address: the banner is gone, the zone still chosen
            banner.wait_for(state="hidden", timeout=30_000)
            assert page.page.url.endswith("?zone=liver&foot=right")
            page.wait_details("liver", "right")
            page.click_zone(chart, "stomach", "left")
            page.wait_details("stomach", "left")
    finally:
        page.page.context.close()

"""Screenshots of the page's main states, for docs/screenshots/ (``make screenshots``).

Serves the given index (by default the demo index of ``make index``) on 127.0.0.1 and
photographs it in headless Chromium, on a desktop and a phone-sized window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.browser.harness import CHROMIUM_ARGS, LiveServer, chromium_path
from web import create_app

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def take(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(page, name: str, full_page: bool = True) -> None:
        path = out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        shots.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        desktop = browser.new_page(viewport=DESKTOP, locale="id-ID")
        desktop.set_default_timeout(60_000)
        for warm in ("/?q=gempa", "/?q=ibu+kota"):  # the first
            desktop.goto(base + warm)  # search of a fresh server reads the index's tables
        desktop.goto(base + "/")
        shot(desktop, "home")
        desktop.goto(base + "/?q=banjir+jakarta")
        shot(desktop, "results")
        desktop.goto(base + "/?q=banjir&source=kompas.com&sort=newest&page=2")
        shot(desktop, "filtered-newest-page2")
        desktop.goto(base + "/?q=kebakaran+hutan+riau")
        desktop.click(".hit .title a")
        shot(desktop, "article")
        desktop.goto(base + "/?q=banjr+jakarta")
        shot(desktop, "did-you-mean")
        desktop.goto(base + "/")
        desktop.fill("#q", "")
        desktop.locator("#q").press_sequentially("kebakaran hut", delay=60)
        desktop.wait_for_selector("#q-suggestions [role=option]", timeout=30000)
        desktop.keyboard.press("ArrowDown")
        shot(desktop, "suggestions", full_page=False)
        desktop.goto(base + "/?q=banjir&chart=share")
        shot(desktop, "chart-share", full_page=False)
        desktop.goto(base + "/?q=banjir&month=2019-08&month=2019-09&source=kompas.com")
        shot(desktop, "months-combined")
        desktop.goto(base + "/?q=banjir&source=kompas.com&from=20%2F09%2F20199")
        shot(desktop, "bad-date", full_page=False)
        desktop.goto(base + "/?q=banjir&when=year")
        shot(desktop, "preset-this-year", full_page=False)
        desktop.goto(base + "/?q=banjir&page=999")
        shot(desktop, "past-last-page", full_page=False)
        desktop.goto(base + "/?q=granat+brimob")
        desktop.locator("details.similar summary").first.scroll_into_view_if_needed()
        desktop.locator("details.similar summary").first.click()
        shot(desktop, "similar-open", full_page=False)
        desktop.goto(base + "/tidak-ada")
        shot(desktop, "not-found", full_page=False)
        phone = browser.new_page(viewport=PHONE, locale="id-ID", is_mobile=True)
        phone.set_default_timeout(60_000)
        phone.goto(base + "/")
        shot(phone, "phone-home", full_page=False)
        phone.goto(base + "/?q=banjir+jakarta")
        shot(phone, "phone-results", full_page=False)
        phone.goto(base + "/?q=banjir+jakarta#filters")
        shot(phone, "phone-filters", full_page=False)
        phone.goto(base + "/?q=banjir+jakarta&source=kompas.com#filters")
        shot(phone, "phone-filter-applied", full_page=False)
        phone.goto(base + "/?q=banjir&from=31%2F02%2F2019#from")
        shot(phone, "phone-bad-date", full_page=False)
        phone.goto(base + "/?q=granat+brimob")
        phone.locator("details.similar summary").first.scroll_into_view_if_needed()
        phone.locator("details.similar summary").first.click()
        shot(phone, "phone-similar-open", full_page=False)
        phone.goto(base + "/?q=kebakaran+hutan+riau")
        phone.click(".hit .title a")
        shot(phone, "phone-article", full_page=False)
        phone.goto(base + "/")
        phone.locator("#q").press_sequentially("kebakaran hut", delay=60)
        phone.wait_for_selector("#q-suggestions [role=option]", timeout=30000)
        shot(phone, "phone-suggestions", full_page=False)
        browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.browser.screenshots", description=__doc__)
    p.add_argument("--index-dir", type=Path, default=Path("var/index"), help="index to serve")
    p.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder for PNGs")
    args = p.parse_args(argv)
    chromium = chromium_path()
    if chromium is None:
        print("error: Chromium is missing (apt-get install -y chromium)", file=sys.stderr)
        return 1
    app = create_app({"INDEX_DIR": str(args.index_dir)})
    with LiveServer(app) as server:
        for path in take(server.url, args.out, chromium):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

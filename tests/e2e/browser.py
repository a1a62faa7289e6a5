"""Which Chromium the browser journeys drive: Debian's package when it is installed, otherwise
Playwright's own build. `python -m tests.e2e.browser` (run by `make test`) prints the one it found,
or fetches Playwright's build when neither is there and the network allows; it exits 1 when no
browser can be had."""

import os
import subprocess
import sys

DEBIAN_CHROMIUM = "/usr/bin/chromium"


def playwright_chromium() -> str | None:
    """The path of Playwright's own Chromium, if `playwright install chromium` has fetched it."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no driver, or a broken install: treat as "not there"
        return None
    return path if path and os.access(path, os.X_OK) else None


def find_chromium() -> str | None:
    if os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return playwright_chromium()


def main() -> int:
    found = find_chromium()
    if found is None:
        print("Debian's chromium is not installed: fetching Playwright's Chromium for the browser journeys.")
        fetched = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
        found = find_chromium() if fetched.returncode == 0 else None
    if found is None:
        return 1
    print(f"Browser journeys run in {found}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make run` and `make test` as a person runs them, with the programs they start replaced by
stand-ins that report how they were called (so nothing is installed, served or tested twice)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e import browser

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

STAND_IN = """#!/bin/sh
echo "$(basename "$0") $* SITE_URL=$SITE_URL" >> "{log}"
if [ "$1 $2" = "-m tests.e2e.browser" ]; then exit {browser_status}; fi
exit 0
"""


def _make(tmp_path, *args, browser_status=0, env=None):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    for program in ("python", "pytest", "celery"):
        stand_in = bin_dir / program
        stand_in.write_text(STAND_IN.format(log=log, browser_status=browser_status))
        stand_in.chmod(0o755)
    installed = tmp_path / "installed"
    installed.touch()  # newer than pyproject.toml: make installs nothing
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REDIS_URL", "CI", "MAKEFLAGS")}
    environment.update(env or {})
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), f"BIN={bin_dir}", f"INSTALLED={installed}",
         f"NODE_INSTALLED={installed}", *args],
        capture_output=True, text=True, env=environment, timeout=60, check=False,
    )  # fmt: skip
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_make_run_points_email_links_at_the_port_it_serves(tmp_path):
    result, calls = _make(tmp_path, "run", "PORT=8110")
    assert result.returncode == 0, result.stderr
    assert calls == [
        "python manage.py migrate --noinput SITE_URL=http://127.0.0.1:8110",
        "python manage.py seed_demo SITE_URL=http://127.0.0.1:8110",
        "python manage.py runserver 127.0.0.1:8110 SITE_URL=http://127.0.0.1:8110",
    ]


def test_make_run_keeps_a_site_url_that_is_set(tmp_path):
    result, calls = _make(tmp_path, "run", "PORT=8110", "HOST=0.0.0.0", env={"SITE_URL": "https://calm.example.org"})
    assert result.returncode == 0, result.stderr
    assert calls[-1] == "python manage.py runserver 0.0.0.0:8110 SITE_URL=https://calm.example.org"


def test_make_test_says_in_its_last_line_when_browser_journeys_were_skipped(tmp_path):
    result, calls = _make(tmp_path, "test", browser_status=1)
    assert result.returncode == 0, result.stderr
    assert "pytest --ignore=tests/e2e" in " ".join(calls)
    assert not any(call.startswith("pytest tests/e2e") for call in calls)
    assert result.stdout.strip().splitlines()[-1].startswith("BROWSER JOURNEYS SKIPPED")


def test_make_test_runs_browser_journeys_when_a_browser_is_there(tmp_path):
    result, calls = _make(tmp_path, "test", browser_status=0)
    assert result.returncode == 0, result.stderr
    assert calls[-1].startswith("pytest tests/e2e")
    assert "SKIPPED" not in result.stdout


def test_make_test_in_ci_never_skips_browser_journeys(tmp_path):
    result, calls = _make(tmp_path, "test", browser_status=1, env={"CI": "true"})
    assert calls[-1].startswith("pytest tests/e2e")  # and the journeys fail there without a browser
    assert "SKIPPED" not in result.stdout


def test_browser_prefers_debians_chromium_then_playwrights(monkeypatch):
    monkeypatch.setattr(browser.os, "access", lambda path, mode: path == browser.DEBIAN_CHROMIUM)
    monkeypatch.setattr(browser, "playwright_chromium", lambda: "/home/me/.cache/ms-playwright/chrome")
    assert browser.find_chromium() == "/usr/bin/chromium"
    monkeypatch.setattr(browser.os, "access", lambda path, mode: False)
    assert browser.find_chromium() == "/home/me/.cache/ms-playwright/chrome"
    monkeypatch.setattr(browser, "playwright_chromium", lambda: None)
    assert browser.find_chromium() is None


def test_browser_fetches_playwrights_chromium_when_none_is_there(monkeypatch, capsys):
    found = iter([None, "/home/me/.cache/ms-playwright/chrome"])
    monkeypatch.setattr(browser, "find_chromium", lambda: next(found))
    ran = []
    monkeypatch.setattr(
        browser.subprocess, "run", lambda command, check: ran.append(command) or subprocess.CompletedProcess(command, 0)
    )
    assert browser.main() == 0
    assert ran[0][1:] == ["-m", "playwright", "install", "chromium"]
    assert "Browser journeys run in /home/me/.cache/ms-playwright/chrome." in capsys.readouterr().out
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.setattr(browser.subprocess, "run", lambda command, check: subprocess.CompletedProcess(command, 1))
    assert browser.main() == 1

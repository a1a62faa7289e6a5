"""Settings are read in fresh interpreters: each environment must be judged on its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k" * 20 + "Zq8!xV2#mP9$wL4^rT6&yB1*nC3(eH5)jF7",
    "DJANGO_ALLOWED_HOSTS": "safespace.example.org",
    "DATABASE_URL": "postgres://safespace:secret@db.internal:5432/safespace",
    "REDIS_URL": "redis://redis.internal:6379",
}
BASE_ENV = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}


def _manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**BASE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings_values(module, names, env=None):
    code = (
        f"import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = {module!r}; django.setup();"
        "from django.conf import settings;"
        f"print(json.dumps({{n: str(getattr(settings, n, None)) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**BASE_ENV, **(env or {})}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_secret(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}
    result = _manage("check", "--settings=safespace.settings.production", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage("check", "--deploy", "--settings=safespace.settings.production", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_hsts_and_secure_cookies():
    values = _settings_values(
        "safespace.settings.production",
        [
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
            "SECURE_REFERRER_POLICY",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "DEBUG",
        ],
        env=PRODUCTION_ENV,
    )
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "True"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] == "True"
    assert values["DEBUG"] == "False"


def test_local_settings_run_anywhere_with_no_environment():
    values = _settings_values(
        "safespace.settings.local", ["DATABASES", "CACHES", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND"]
    )
    assert "sqlite3" in values["DATABASES"]
    assert "LocMemCache" in values["CACHES"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "True"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_environment_urls_switch_on_postgresql_redis_and_smtp():
    values = _settings_values(
        "safespace.settings.local",
        ["DATABASES", "CACHES", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND", "EMAIL_HOST"],
        env={
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/safespace",
            "REDIS_URL": "redis://127.0.0.1:6379",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
        },
    )
    assert "django.db.backends.postgresql" in values["DATABASES"]
    assert "RedisCache" in values["CACHES"] and "redis://127.0.0.1:6379/1" in values["CACHES"]
    assert values["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "smtp.example.org"


def test_redis_database_numbers_are_honoured_as_given():
    values = _settings_values(
        "safespace.settings.local",
        ["CACHES", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"],
        env={"REDIS_URL": "redis://:pw@10.0.0.5:6380/7"},
    )
    assert values["CELERY_BROKER_URL"] == "redis://:pw@10.0.0.5:6380/7"
    assert "redis://:pw@10.0.0.5:6380/8" in values["CACHES"]
    assert values["CELERY_RESULT_BACKEND"] == "None"  # nothing reads task results


def test_cache_and_broker_urls_are_configured_separately():
    values = _settings_values(
        "safespace.settings.local",
        ["CACHES", "CELERY_BROKER_URL"],
        env={"REDIS_URL": "redis://broker.internal:6379/3", "REDIS_CACHE_URL": "redis://cache.internal:6379/11"},
    )
    assert values["CELERY_BROKER_URL"] == "redis://broker.internal:6379/3"
    assert "redis://cache.internal:6379/11" in values["CACHES"]
    assert "broker.internal" not in values["CACHES"]

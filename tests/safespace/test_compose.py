"""docker-compose.yml is our users' production-like stack: validated by schema, since no Docker
engine runs where the tests run."""

import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def _compose():
    return YAML(typ="safe").load(COMPOSE.read_text())


def test_compose_file_matches_the_compose_spec_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_web_worker_beat_postgres_and_redis_with_health_checks():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert name in services, name
        assert "healthcheck" in services[name], f"{name} has no health check"
    assert any("/healthz" in part for part in services["web"]["healthcheck"]["test"])
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "safespace", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "safespace", "beat"]
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "ports" not in services["postgres"] and "ports" not in services["redis"]


def test_app_services_read_their_settings_from_an_env_file():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["env_file"] == ".env"


def test_every_setting_read_from_the_environment_is_documented():
    read = set()
    for path in (ROOT / "safespace" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
        read |= set(re.findall(r'_required\(\s*"([A-Z_]+)"', path.read_text()))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "QUICK_EXIT_URL"} <= read
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for name in sorted(read):
        assert f"`{name}`" in readme, f"{name} is missing from the README's configuration table"
        assert f"{name}=" in example, f"{name} is missing from .env.example"


def test_a_separate_worker_serves_the_urgent_queue_and_the_main_one_serves_urgent_first():
    services = _compose()["services"]
    urgent = services["worker-urgent"]["command"]
    assert urgent[urgent.index("--queues") + 1] == "urgent"
    main = services["worker"]["command"]
    assert main[main.index("--queues") + 1] == "urgent,default,bulk"
    assert services["worker-urgent"]["restart"] == "unless-stopped" and "healthcheck" in services["worker-urgent"]


def test_gunicorn_and_the_site_trust_the_same_proxies():
    services = _compose()["services"]
    assert "TRUSTED_PROXIES" in services["web"]["environment"]
    conf = (ROOT / "gunicorn.conf.py").read_text()
    assert 'forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES"' in conf
    assert "limit_request_line = 8190" in conf


def test_pgbouncer_pools_transactions_in_front_of_postgres_with_a_health_check():
    services = _compose()["services"]
    pgbouncer = services["pgbouncer"]
    assert pgbouncer["environment"]["POOL_MODE"] == "transaction"
    assert pgbouncer["environment"]["DB_HOST"] == "postgres"
    assert pgbouncer["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in pgbouncer and "ports" not in pgbouncer

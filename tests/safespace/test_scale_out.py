"""Ready to scale out, tried for real: the reading pages served through a real PgBouncer in
transaction pooling mode, and through a real streaming replica (a primary and a standby cluster
started here with initdb and pg_basebackup, on free ports, stopped after; the shared cluster is
never touched), where a member always sees their own new post and a visitor sees it once the replica
has it. The site runs as a separate server process, as in production."""

import html.parser
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from glob import glob
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
PG_BIN = sorted(glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]
INITDB = os.path.join(PG_BIN[0], "initdb")
ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
IN_CI = bool(os.environ.get("CI"))


def _need(path: str, what: str):
    if not os.access(path, os.X_OK):
        if IN_CI:
            pytest.fail(f"{what} is missing ({path}); .ci/run installs it")
        pytest.skip(f"{what} is not installed ({path})")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL's and PgBouncer's programs refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _workdir() -> str:
    path = tempfile.mkdtemp(prefix="safespace-scale-")
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited early: {process.args}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


class _Site:
    """The site in its own server process, with the given database settings."""

    def __init__(self, environment: dict):
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_REPLICA_URL")}
        env.update(environment, DJANGO_SETTINGS_MODULE="safespace.settings.test", PYTHONUNBUFFERED="1")
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        _wait_for_port(self.port, self.process)

    def get(self, path: str, cookies: dict | None = None):
        return self.request("GET", path, cookies=cookies)

    def request(self, method: str, path: str, *, cookies: dict | None = None, data: dict | None = None):
        """(status, text, cookies set, Location) without following redirects."""
        headers = {"Host": "127.0.0.1"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers, method=method
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read().decode(), set_cookies, response.headers.get("Location")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.seek(0)
        output = self.log.read().decode(errors="replace")
        self.log.close()
        return output


class _Forms(html.parser.HTMLParser):
    """The page's forms: action and every named input's value (textareas empty, buttons left out)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif (
            self.forms
            and tag in ("input", "textarea", "select")
            and attributes.get("name")
            and attributes.get("type") not in ("submit", "checkbox", "radio")
        ):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def _form_posting_to(page: str, action: str) -> dict:
    parser = _Forms()
    parser.feed(page)
    return next(form for form in parser.forms if form["action"].endswith(action))


def _session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def _database_url(settings_dict: dict, *, port: int, host: str = "127.0.0.1", name: str | None = None) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{settings_dict['USER'] or 'postgres'}{password}@{host}:{port}/{name or settings_dict['NAME']}"


@pytest.fixture
def pgbouncer():
    """A PgBouncer of our own in transaction pooling mode, in front of the test database's server."""
    _need(PGBOUNCER, "PgBouncer")
    settings_dict = connection.settings_dict
    workdir = _workdir()
    port = _free_port()
    user = settings_dict["USER"] or "postgres"
    Path(workdir, "userlist.txt").write_text(f'"{user}" "{settings_dict.get("PASSWORD") or ""}"\n')
    Path(workdir, "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={settings_dict['HOST'] or '127.0.0.1'} port={settings_dict['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir}/userlist.txt\nadmin_users = {user}\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 100\n"
        f"logfile = {workdir}/pgbouncer.log\npidfile = {workdir}/pgbouncer.pid\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    if os.geteuid() == 0:
        for name in ("userlist.txt", "pgbouncer.ini"):
            shutil.chown(Path(workdir, name), "postgres", "postgres")
    process = subprocess.Popen(_as_postgres([PGBOUNCER, f"{workdir}/pgbouncer.ini"]), stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process, seconds=15)
        yield {"port": port, "url": _database_url(settings_dict, port=port), "user": user}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _transactions_through(pgbouncer: dict) -> int:
    """How many transactions PgBouncer has pooled for the test database (its admin console)."""
    import psycopg2

    console = psycopg2.connect(host="127.0.0.1", port=pgbouncer["port"], dbname="pgbouncer", user=pgbouncer["user"])
    console.autocommit = True
    with console.cursor() as cursor:
        cursor.execute("SHOW STATS")
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    console.close()
    return sum(row["total_xact_count"] for row in rows if row["database"] == connection.settings_dict["NAME"])


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_the_reading_pages_work_through_pgbouncer_in_transaction_mode(pgbouncer):
    board = BoardFactory(name="Quiet evenings", slug="quiet-evenings")
    thread = ThreadFactory(board=board, title="Lanterns by the canal")
    for index in range(25):
        reply_to(thread, body=f"A lantern reply number {index}", is_anonymous=index % 4 == 0)
    member = UserFactory()
    cookies = _session_cookie(member)
    site = _Site({"DATABASE_URL": pgbouncer["url"], "DATABASE_POOLING": "True"})
    try:
        before = _transactions_through(pgbouncer)
        for who in ({}, cookies):
            for path, expected in (
                ("/", "Quiet evenings"),
                (board.get_absolute_url(), "Lanterns by the canal"),
                (thread.get_absolute_url(), "A lantern reply number 0"),
                (thread.get_absolute_url() + "?page=last", "A lantern reply number 24"),
                ("/search/?q=lantern&board=quiet-evenings", "A lantern reply number"),
            ):
                status, page, _, _ = site.get(path, who)
                assert status == 200, (path, status)
                assert expected in page, path
        status, page, _, _ = site.get("/my/following/", cookies)
        assert status == 200 and member.username in page  # a member's own page, signed in through the pooler
        assert _transactions_through(pgbouncer) > before  # every page went through the pooler
    finally:
        log = site.stop()
    assert "Traceback" not in log, log


def _run(command: list[str], **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


def _psql(port: int, sql: str, database: str = "postgres") -> str:
    return _run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-tAc", sql]).strip()


@pytest.fixture
def primary_and_replica():
    """A primary cluster of our own and a streaming replica of it (pg_basebackup), on free ports."""
    _need(INITDB, "PostgreSQL's initdb")
    workdir = _workdir()
    primary, replica = _free_port(), _free_port()
    pg_ctl = os.path.join(PG_BIN[0], "pg_ctl")
    started = []
    try:
        _run(_as_postgres([INITDB, "-D", f"{workdir}/primary", "-U", "postgres", "--auth=trust", "-E", "UTF8"]))
        options = f"-p {primary} -c listen_addresses=127.0.0.1 -c unix_socket_directories={workdir} -c fsync=off"
        _run(
            _as_postgres(
                [pg_ctl, "-D", f"{workdir}/primary", "-o", options, "-l", f"{workdir}/primary.log", "-w", "start"]
            )
        )
        started.append("primary")
        _run(
            _as_postgres(
                [
                    os.path.join(PG_BIN[0], "pg_basebackup"),
                    *("-h", "127.0.0.1", "-p", str(primary), "-U", "postgres", "-D", f"{workdir}/replica"),
                    "--write-recovery-conf",
                    "--checkpoint=fast",
                ]
            )
        )
        options = f"-p {replica} -c listen_addresses=127.0.0.1 -c unix_socket_directories={workdir} -c fsync=off"
        _run(
            _as_postgres(
                [pg_ctl, "-D", f"{workdir}/replica", "-o", options, "-l", f"{workdir}/replica.log", "-w", "start"]
            )
        )
        started.append("replica")
        assert _psql(replica, "SELECT pg_is_in_recovery()") == "t"
        _psql(primary, "CREATE DATABASE safespace")
        yield {"primary": primary, "replica": replica}
    finally:
        for name in reversed(started):
            subprocess.run(
                _as_postgres([pg_ctl, "-D", f"{workdir}/{name}", "-m", "immediate", "-w", "stop"]), capture_output=True
            )
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@ON_POSTGRES
def test_a_real_replica_serves_reading_pages_and_a_member_always_sees_their_own_post(primary_and_replica):
    primary_url = f"postgres://postgres@127.0.0.1:{primary_and_replica['primary']}/safespace"
    replica_url = f"postgres://postgres@127.0.0.1:{primary_and_replica['replica']}/safespace"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_REPLICA_URL")}
    env.update(DJANGO_SETTINGS_MODULE="safespace.settings.test", DATABASE_URL=primary_url)
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env)
    made = _run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.test import Client\n"
            "from tests.factories import ThreadFactory, UserFactory\n"
            "thread = ThreadFactory(title='Harbour lights at night')\n"
            "member = UserFactory()\n"
            "client = Client(); client.force_login(member)\n"
            "cookie = client.cookies['sessionid']\n"
            "print(thread.pk, cookie.value)\n",
        ],
        cwd=ROOT,
        env=env,
    )
    thread_pk, session = made.split()[-2:]
    replica_port = primary_and_replica["replica"]
    assert _wait_until(lambda: _psql(replica_port, "SELECT count(*) FROM django_session", "safespace") == "1")

    site = _Site({"DATABASE_URL": primary_url, "DATABASE_REPLICA_URL": replica_url})
    try:
        thread_path = f"/threads/{thread_pk}/"
        status, page, set_cookies, _ = site.get(thread_path, {"sessionid": session})
        assert status == 200 and "Harbour lights at night" in page
        member_cookies = {"sessionid": session, **{k: v for k, v in set_cookies.items() if k == "csrftoken"}}
        composer = _form_posting_to(page, f"/threads/{thread_pk}/reply/")

        # From now on the replica falls behind: it has the thread, and will not see the reply.
        _psql(replica_port, "SELECT pg_wal_replay_pause()")
        fields = {**composer["fields"], "body": "The lights helped me sleep last night.", "action": "post"}
        status, _, set_cookies, location = site.request("POST", composer["action"], cookies=member_cookies, data=fields)
        assert status == 302, status
        assert "safespace_primary" in set_cookies  # this browser reads from the primary for a while
        member_cookies.update(set_cookies)

        status, page, set_cookies, location = site.get(location, member_cookies)
        while status == 302:  # the post's permalink, then its page of the thread
            member_cookies.update(set_cookies)
            status, page, set_cookies, location = site.get(location, member_cookies)
        assert status == 200 and "The lights helped me sleep last night." in page  # their own post, at once
        status, page, _, _ = site.get(thread_path + "?page=last", member_cookies)
        assert "The lights helped me sleep last night." in page

        status, page, _, _ = site.get(thread_path)  # a visitor reads from the replica, which is behind
        assert status == 200 and "Harbour lights at night" in page
        assert "The lights helped me sleep last night." not in page
        without_pin = {k: v for k, v in member_cookies.items() if k != "safespace_primary"}
        assert "The lights helped me sleep last night." not in site.get(thread_path, without_pin)[1]

        _psql(replica_port, "SELECT pg_wal_replay_resume()")
        assert _wait_until(lambda: "The lights helped me sleep last night." in site.get(thread_path)[1])
    finally:
        log = site.stop()
    assert "Traceback" not in log, log

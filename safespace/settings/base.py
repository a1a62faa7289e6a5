"""Settings shared by every environment. Values come from the environment (django-environ);
the defaults here are safe for a developer's machine and are overridden in production.py."""

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Addresses (or networks) of our own reverse proxies. Only requests from these may say, in
# X-Forwarded-For and X-Forwarded-Proto, who the client is; gunicorn.conf.py trusts the same list.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# Our own page for a form that expired: a composer's words are kept and shown, never lost.
CSRF_FAILURE_VIEW = "safespace.views.csrf_failure"

SITE_ID = 1
SITE_NAME = "Safe Space"
# Where members reach the site: links in emails are built from it.
# When volunteer moderators are on ("HH:MM-HH:MM", may run past midnight), in their time zone.
MODERATION_STAFFED_HOURS = env("MODERATION_STAFFED_HOURS", default="08:00-22:00")
MODERATION_TIME_ZONE = env("MODERATION_TIME_ZONE", default="UTC")
# A new member's first post waits for a quick review by a moderator before others see it.
MODERATION_HOLD_FIRST_POST = env.bool("MODERATION_HOLD_FIRST_POST", default=True)
# Days after an urgent item or a check-in on someone's post before they get the one gentle
# "How are you doing now?" prompt.
CONVERSATIONS_FOLLOW_UP_DAYS = env.int("CONVERSATIONS_FOLLOW_UP_DAYS", default=3)
# Moderator care: a break is suggested after this many minutes on shift (and again as often after
# each break); a shift ends by itself after this long without a moderation action.
CARE_BREAK_EVERY_MINUTES = env.int("CARE_BREAK_EVERY_MINUTES", default=120)
CARE_SHIFT_GAP_MINUTES = env.int("CARE_SHIFT_GAP_MINUTES", default=60)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "accounts",
    "moderation",
    "forums",
    "resources",
    "conversations",
    "care",
    # The project package itself, for its template tags (one date format for every page).
    "safespace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safespace.middleware.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "safespace.middleware.RequestGuardMiddleware",
    # With a read replica: reads go to it, except a member's own for a short while after they write.
    "safespace.replica.ReadYourWritesMiddleware",
    # Django's, except that /help/ and /healthz never read or write the session store.
    "safespace.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireMFAForStaffMiddleware",
    "accounts.middleware.ClearSiteDataMiddleware",
]

ROOT_URLCONF = "safespace.urls"
WSGI_APPLICATION = "safespace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safespace.context_processors.site",
                "forums.context_processors.notifications",
                "forums.context_processors.drafts",
                "moderation.context_processors.staffing",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Behind PgBouncer in transaction pooling mode, each transaction may run on another server
# connection, so nothing may live in a database session between transactions: no server-side
# cursors (Django's .iterator() would open one). Set DATABASE_POOLING=True there.
DATABASE_POOLING = env.bool("DATABASE_POOLING", default=False)
# An optional streaming replica for pages that only read (safespace/replica.py); a member's own
# reads stay on the primary for DATABASE_REPLICA_PIN_SECONDS after they write.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=15)


def scale_out_databases(databases: dict) -> dict:
    """Adds pooling and the replica to DATABASES (production.py calls it again on its own)."""
    if DATABASE_REPLICA_URL:
        replica = env.db_url_config(DATABASE_REPLICA_URL)
        for key in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
            if key in databases["default"]:
                replica[key] = databases["default"][key]
        # Tests run against the primary's test database alone.
        replica["TEST"] = {"MIRROR": "default"}
        databases["replica"] = replica
    if DATABASE_POOLING:
        for database in databases.values():
            database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return databases


DATABASES = scale_out_databases(DATABASES)
DATABASE_ROUTERS = ["safespace.replica.ReplicaRouter"] if DATABASE_REPLICA_URL else []


def _redis_database(url: str, default: int) -> str:
    """The URL as given when it names a database ("redis://host:6379/5"), else with `default`."""
    url = url.rstrip("/")
    return url if re.search(r"://[^/]+/\d+$", url) else f"{url}/{default}"


def _next_database(url: str) -> str:
    """The same server, the database after the broker's: the cache never shares the broker's keys
    (clearing the cache flushes its whole database)."""
    base, number = url.rsplit("/", 1)
    return f"{base}/{int(number) + 1}"


# REDIS_URL carries Celery's broker, in the database it names (0 when it names none); the cache
# uses REDIS_CACHE_URL, by default the next database on the same server. Both are honoured as given,
# so the site can share a Redis with others.
REDIS_URL = _redis_database(env("REDIS_URL"), 0) if env("REDIS_URL", default="") else ""
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="") or (_next_database(REDIS_URL) if REDIS_URL else "")
# Redis operations give up after half a second: a stopped Redis must cost a page milliseconds, not
# a stalled request (safespace.cache then answers from memory and logs; see the README's operations).
REDIS_SOCKET_TIMEOUT = 0.5
REDIS_CACHE_BACKEND = "safespace.cache.ResilientRedisCache"

if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": REDIS_CACHE_BACKEND,
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "safespace"}}

# --- Celery ------------------------------------------------------------------------------------
# Without Redis the site still works: tasks run in-process, right after the request's commit.
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads task results (every task records its outcome in a row). A result
# backend would also be one more Redis connection that retries for many seconds inside a request.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a request is bounded to about a second (safespace.tasking catches the failure and
# the outbox sweeper publishes later); workers keep reconnecting for as long as Redis is away.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    # Above the one second a worker's blocking read waits for work; a publish to an unresponsive
    # server gives up after this.
    "socket_timeout": 2,
    "max_retries": 0,
    # A worker listening on "urgent,default,bulk" always takes from the first non-empty queue in
    # that order (Redis BRPOP), instead of kombu's default round robin.
    "queue_order_strategy": "priority",
    # A message a killed worker took but never acknowledged comes back after ten minutes.
    "visibility_timeout": 600,
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# Three queues by urgency, in the order a worker serves them: it always takes from the first one
# that is not empty ("queue_order_strategy" above). docker-compose.yml also runs a worker on "urgent"
# alone, so a crisis alert never waits behind thousands of emails. Moderator crisis alerts and
# check-ins are published to "urgent" per message (forums.notifications.outbox), whatever the route.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue("urgent"), Queue("default"), Queue("bulk")]
CELERY_TASK_ROUTES = {
    # Notification fan-out and the sweepers: seconds matter, volume is modest.
    "forums.fan_out_notification_event": {"queue": "default"},
    "forums.sweep_notification_outbox": {"queue": "default"},
    "conversations.sweep_unanswered_check_ins": {"queue": "default"},
    "conversations.sweep_follow_up_prompts": {"queue": "default"},
    # Email and digests: thousands at a time, minutes do not matter.
    "forums.send_notification_email": {"queue": "bulk"},
    "forums.queue_daily_digests": {"queue": "bulk"},
    "forums.send_member_digest": {"queue": "bulk"},
    "forums.sweep_daily_digests": {"queue": "bulk"},
    "moderation.send_moderation_digests": {"queue": "bulk"},
    "resources.flag_overdue_reviews": {"queue": "bulk"},
    "resources.check_links": {"queue": "bulk"},
    "care.send_due_reminders": {"queue": "default"},
}
# Daily digests go out from this hour (UTC); the digest sweeper catches up on members missed after it.
DIGEST_HOUR = 7
CELERY_BEAT_SCHEDULE: dict = {
    # Every minute: publish again notification events and emails still waiting after two minutes
    # (their first task was lost, e.g. Redis was down when the member posted).
    "forums-sweep-notification-outbox": {"task": "forums.sweep_notification_outbox", "schedule": 60},
    # Every 10 minutes: tell members whose suspension ended by itself that they can post again.
    # (Suspensions stop applying at their end time on every request; this only sends the note.)
    "moderation-announce-ended-suspensions": {"task": "moderation.announce_ended_suspensions", "schedule": 600},
    # Every night at 05:00 UTC: one summary for each moderator (open items, urgent, actions, unanswered
    # threads, overdue resources), in their notifications and by email; once per moderator per day.
    "moderation-nightly-summary": {"task": "moderation.send_moderation_digests", "schedule": crontab(hour=5, minute=0)},
    # Every morning at DIGEST_HOUR UTC: one task per member for their daily digest (keyed by member
    # and day, so at most one each, and only sent when there is something in it).
    "forums-daily-digests": {"task": "forums.queue_daily_digests", "schedule": crontab(hour=DIGEST_HOUR, minute=0)},
    # Every 10 minutes after the digest hour: queue the digest of any member who still has no row for
    # today (the first task, or a worker, died midway).
    "forums-sweep-daily-digests": {"task": "forums.sweep_daily_digests", "schedule": 600},
    # Every night: email admins the resources whose review date has passed (once per admin per day).
    "resources-flag-overdue-reviews": {"task": "resources.flag_overdue_reviews", "schedule": 24 * 60 * 60},
    # Every week: record whether each resource's website still answers (shown in the admin list).
    "resources-check-links": {"task": "resources.check_links", "schedule": 7 * 24 * 60 * 60},
    # Every 10 minutes: log check-ins still unanswered after 48 hours (once each) and show them to the team.
    "conversations-sweep-unanswered-check-ins": {
        "task": "conversations.sweep_unanswered_check_ins",
        "schedule": 600,
    },
    # Every hour: the one "How are you doing now?" prompt, CONVERSATIONS_FOLLOW_UP_DAYS after an urgent
    # item or a check-in on a member's post (once per member and thread, never again if dismissed).
    "conversations-sweep-follow-up-prompts": {"task": "conversations.sweep_follow_up_prompts", "schedule": 3600},
    # Every 5 minutes: send members the "look in on this thread" reminders that have come due (in the
    # bell, and by email as they chose); a reminder on a thread they can no longer see is dropped
    # quietly. Each reminder is sent once (its status column), however often this runs.
    "care-send-due-reminders": {"task": "care.send_due_reminders", "schedule": 300},
}

# --- Email -------------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Safe Space <hello@safespace.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forums:board-list"
ACCOUNT_LOGOUT_REDIRECT_URL = "forums:board-list"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = [
    "admin",
    "administrator",
    "moderator",
    "mod",
    "staff",
    "safespace",
    "support",
    "anonymous",
    "removed",
    "system",
]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "set_password": "accounts.forms.SetPasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Safe Space] "
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits stay on, spelt out so a reader sees them. Failed logins are slowed per
# address and per account; an attacker who knows a pseudonym can use up the account's password
# tries, but never lock its owner out: "Email me a code to log in" (login by code) lets the owner in
# with a code emailed to them, which the attacker cannot read.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,60/h/ip,5/5m/key,30/d/key",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
USERSESSIONS_TRACK_ACTIVITY = False

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ------------------------------------------------------------------------------
# Bootstrap and htmx come from npm (package.json) and are served from our own origin by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Forms -------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ----------------------------------------------------------------------------------
# No inline scripts or handlers anywhere: script-src is 'self' only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        # Violations are reported to our own endpoint (safespace/csp_reports.py), logged without member data.
        "report-uri": "/csp-report/",
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions are read from the cache, written to the database and the cache (safespace/sessions.py):
# a member's page reads no session row, and logins survive a Redis outage.
SESSION_ENGINE = "safespace.sessions"
SESSION_CACHE_SECONDS = 300
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Safe Space ------------------------------------------------------------------------------
# Where "Quick exit" sends a person: a neutral page that does not hint at this site.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://weather.com/")
# The crisis page renders from this file when the database and cache are down (refreshed on publish).
RESOURCES_SNAPSHOT_PATH = Path(env("RESOURCES_SNAPSHOT_PATH", default=str(BASE_DIR / "var" / "help-snapshot.json")))
# The weekly link check only follows https links; tests point it at a local http server.
RESOURCES_LINK_CHECK_ALLOW_HTTP = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

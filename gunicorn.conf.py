"""gunicorn settings for the production image (docker-compose.yml's web service)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 30
graceful_timeout = 30
# The same proxies the site trusts for the client's address (TRUSTED_PROXIES, safespace/client_ip.py).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# The longest request line gunicorn accepts (its maximum). Django answers longer URLs than it serves
# (safespace.middleware.MAX_URL_LENGTH) with our own friendly 414 page; only lines past this limit get
# gunicorn's bare one. A proxy in front should allow at least this much (nginx:
# large_client_header_buffers 4 16k) or serve its own page for 414.
limit_request_line = 8190
# No access log with query strings: search terms say a lot about a person.
accesslog = None
errorlog = "-"

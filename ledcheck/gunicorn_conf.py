"""gunicorn settings for production: ``gunicorn -c python:ledcheck.gunicorn_conf ledcheck.wsgi``.

Threaded workers (``gthread``): a client that sends its request slowly (a phone on a poor network, or
someone doing it on purpose) holds one thread, not a whole worker, so ``WEB_CONCURRENCY`` workers of
``LEDCHECK_THREADS`` threads each serve that many slow clients at once and everyone else keeps being
served. ``tests/ledcheck/test_slow_clients.py`` checks that two slow clients do not stall a third on a
single worker. For many hostile slow clients, put a buffering proxy in front (README, "Security and
deployment").
"""

import os

bind = os.environ.get("LEDCHECK_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
worker_class = "gthread"
threads = int(os.environ.get("LEDCHECK_THREADS", 8))
# The worker's heartbeat: a thread busy with a long request (a bounded case import) does not stop it.
timeout = int(os.environ.get("LEDCHECK_WORKER_TIMEOUT", 60))
graceful_timeout = 30
# Idle keep-alive connections are closed after this many seconds, freeing their slot.
keepalive = 5
# Request line and headers bounded (bytes, count); the app bounds the body (LEDCHECK_MAX_REQUEST_BYTES).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# No access log: it would hold client addresses (README, "Logs").
accesslog = None

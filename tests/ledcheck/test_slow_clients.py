"""Finding 5 of issue 12: under the production gunicorn configuration (ledcheck/gunicorn_conf.py), two
clients that send their requests slowly do not stall a third, even on a single worker."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.servers import free_port, server_env

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def start(env, log):
    port = free_port()
    env = {**env, "WEB_CONCURRENCY": "1", "LEDCHECK_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:ledcheck.gunicorn_conf", "ledcheck.wsgi"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/accounts/login/", timeout=5)
            return server, port
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start")


@pytest.mark.django_db
def test_two_slow_clients_do_not_stall_a_third(tmp_path):
    with (tmp_path / "gunicorn.log").open("w") as log:
        server, port = start(server_env(tmp_path), log)
        slow = []
        try:
            for _ in range(2):
                # Half a request: the headers never end, as from a phone that stalled (or an attacker).
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n")
                slow.append(sock)
            time.sleep(1)  # both are now being read by the server
            started = time.monotonic()
            response = requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            assert response.status_code == 200
            assert time.monotonic() - started < 10
            # The slow ones are still connected, holding their slot: they did not get answered and dropped.
            for sock in slow:
                sock.setblocking(False)
                with pytest.raises(BlockingIOError):
                    sock.recv(1)
        finally:
            for sock in slow:
                sock.close()
            server.send_signal(signal.SIGQUIT)
            server.wait(timeout=30)


def test_the_production_configuration_uses_threaded_workers():
    from ledcheck import gunicorn_conf

    assert gunicorn_conf.worker_class == "gthread"
    assert gunicorn_conf.threads >= 4

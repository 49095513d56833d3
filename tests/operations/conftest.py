"""A Redis server of the test's own (on a free port), for tests that stop it.

The shared Redis on 6379 is never stopped or flushed: the fault-injection tests start theirs with
Debian's redis-server (installed by `make test` with the shared one) and kill it themselves.
"""

import shutil
import socket
import subprocess
import time

import pytest
import redis


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    def __init__(self, port, process):
        self.port = port
        self.process = process
        self.url = f"redis://127.0.0.1:{port}/0"

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2)

    def kill(self):
        """Stop it at once (SIGKILL): connections break mid-request, as in a crash."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server; `make test` does it)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    own = OwnRedis(port, process)
    deadline = time.monotonic() + 10
    while True:
        try:
            if own.client().ping():
                break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                own.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    yield own
    own.kill()

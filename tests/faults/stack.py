"""The product as deployed, for fault tests: a Redis of the test's own, gunicorn, a Celery
worker and beat in production mode (DEBUG off, collected static files), on the test database."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], bool], *, timeout: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"gave up waiting for {what} after {timeout:.0f}s")


class RedisServer:
    """A redis-server on a free port that the test stops and starts (nothing kept on disk, as
    the machine's own Redis is run)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(  # noqa: S603 (the machine's redis-server)
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis-server to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def production_env(*, redis_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a production deployment, pointed at the test database."""
    database = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "CRM_TEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="crm.settings",
        DEBUG="0",
        SECRET_KEY="fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        CONN_MAX_AGE="0",
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_ROOT=str(static_root),
        LOG_FORMAT="plain",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def collect_static(static_root: Path) -> None:
    """The release step: the manifest every page needs with DEBUG off."""
    env = dict(os.environ, DEBUG="0", STATIC_ROOT=str(static_root))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@dataclass
class Stack:
    """Processes of one deployment; each started and killed by the test."""

    env: dict[str, str]
    logdir: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    web_port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _start(self, name: str, args: list[str], env: Mapping[str, str] | None = None) -> None:
        log = (self.logdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603 (our own processes)
            args, cwd=ROOT, env=dict(env or self.env), stdout=log, stderr=subprocess.STDOUT
        )

    def start_web(self) -> None:
        self.web_port = free_port()
        env = dict(
            self.env, BIND=f"127.0.0.1:{self.web_port}", WEB_CONCURRENCY="2", GUNICORN_THREADS="4"
        )
        self._start("web", [PYTHON, "-m", "gunicorn", "crm.wsgi"], env)
        wait_for(self._web_answers, timeout=60, what="gunicorn to answer")

    def _web_answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/health/", timeout=2):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True  # 503 while the broker is away still means the web is up
        except OSError:
            return False

    def start_worker(self, name: str = "worker", *, concurrency: int = 1) -> None:
        self._start(
            name,
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "crm",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                f"--hostname={name}@%h",
                "--loglevel=INFO",
            ],
        )

    def start_beat(self) -> None:
        self._start(
            "beat",
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "crm",
                "beat",
                "--loglevel=INFO",
                f"--pidfile={self.logdir / 'beat.pid'}",
            ],
        )

    def pool_children(self, name: str = "worker") -> list[int]:
        parent = self.processes[name].pid
        found = subprocess.run(  # noqa: S603
            ["/usr/bin/pgrep", "-P", str(parent)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_pid(self, pid: int) -> None:
        _signal(pid, signal.SIGKILL)

    def kill(self, name: str) -> None:
        """SIGKILL a process and its children, as the OOM killer or a lost host would."""
        process = self.processes.pop(name)
        for child in self._children(process.pid):
            _signal(child, signal.SIGKILL)
        process.kill()
        process.wait(timeout=10)

    def _children(self, pid: int) -> list[int]:
        found = subprocess.run(  # noqa: S603
            ["/usr/bin/pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        )
        return [int(child) for child in found.stdout.split()]

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                for child in self._children(process.pid):
                    _signal(child, signal.SIGKILL)
                process.kill()
                process.wait(timeout=10)

    def log(self, name: str) -> str:
        path = self.logdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _signal(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, number)

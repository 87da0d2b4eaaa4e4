"""Load benchmark of the public survey submit path under gunicorn on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_survey \
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/survey_submit.py

Recreates that database, seeds a small demo, sends one campaign to every customer, starts
gunicorn (production settings, DEBUG off) and fires a burst of JSON submits at
/api/v1/surveys/public/<token>/ from an async client: every link once, plus a share of links
submitted again, half of those at the same moment as the first submit. Prints responses per
second, latency percentiles and the count check (stored responses = unique links submitted;
every duplicate answered 409). Asserts nothing about time; the count check exits 1 if it fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(url: str, customers: int) -> tuple[int, list[str]]:
    """Seed, then send one campaign to every customer; return its id and the link tokens."""
    env = dict(os.environ, DATABASE_URL=url, DEBUG="1")
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--customers", str(customers), "--orders", str(customers * 2)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="crm.settings",
    )
    redis_url = os.environ.pop("REDIS_URL", None)  # e-mails in-process while preparing
    import django

    django.setup()
    from accounts.models import User
    from customers.choices import LifecycleState
    from surveys.models import Invitation, SurveyTemplate
    from surveys.services import campaign_create, campaign_send

    admin = User.objects.get(username="admin")
    template = SurveyTemplate.objects.filter(status="published").order_by("pk").first()
    assert template is not None
    campaign = campaign_create(
        actor=admin,
        name="Load benchmark",
        template=template,
        kind="segment",
        segment={"lifecycle_state": list(LifecycleState.values)},
    )
    campaign_send(campaign=campaign, actor=admin)
    tokens = list(Invitation.objects.filter(campaign=campaign).values_list("token", flat=True))
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    return campaign.pk, tokens


def stored_responses(url: str, campaign_id: int) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM surveys_surveyresponse r "
            "JOIN surveys_invitation i ON i.id = r.invitation_id WHERE i.campaign_id = %s",
            [campaign_id],
        ).fetchone()
    assert row is not None
    return int(row[0])


def start_gunicorn(url: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SURVEY_RATE_LIMIT="1000000/min",  # one client address sends the whole burst
        DJANGO_SETTINGS_MODULE="crm.settings",
        LOG_LEVEL="WARNING",
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "crm.wsgi",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "/dev/null",
        "--max-requests",
        "0",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


async def wait_until_up(base: str) -> None:
    host, port = urlparse(base).hostname or "127.0.0.1", urlparse(base).port or 80
    for _ in range(100):
        try:
            if (await Connection(host, port).request("GET", "/health/"))[0] == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def answers_for(questions: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    """A valid, varied answer to every question, as a customer's phone would send it."""
    answers: dict[str, Any] = {}
    for question in questions:
        kind = question["kind"]
        if kind == "rating":
            answers[question["key"]] = rng.randint(1, 5)
        elif kind == "nps":
            answers[question["key"]] = rng.randint(0, 10)
        elif kind == "expectation":
            answers[question["key"]] = {
                "expected": rng.randint(2, 5),
                "perceived": rng.randint(1, 5),
            }
        elif kind == "single":
            answers[question["key"]] = rng.choice(question["options"])[0]
        elif kind == "multiple":
            answers[question["key"]] = [question["options"][0][0]]
        else:
            answers[question["key"]] = "Good service, delivery could be faster."
    return answers


class Connection:
    """A minimal HTTP/1.1 keep-alive client connection: the load generator shares the two
    cores with the server, so it must cost little (a general-purpose client cost ~2.5 ms of
    CPU per request here, a fifth of the machine at the target rate)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        try:
            return await self._exchange(method, path, body)
        except (ConnectionError, IndexError):  # the server closed an idle keep-alive connection
            self.reader = self.writer = None
            return await self._exchange(method, path, body)

    async def _exchange(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _sep, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        payload = await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.reader = self.writer = None
        return int(status_line.split()[1]), payload


async def burst(
    base: str, tokens: list[str], duplicate_share: float, concurrency: int, seed: int
) -> tuple[float, list[tuple[str, int, float]]]:
    host, port = urlparse(base).hostname or "127.0.0.1", urlparse(base).port or 80
    rng = random.Random(seed)
    probe = Connection(host, port)
    _status, described = await probe.request("GET", f"/api/v1/surveys/public/{tokens[0]}/")
    questions = json.loads(described)["questions"]
    bodies = {
        token: json.dumps({"answers": answers_for(questions, rng)}).encode() for token in tokens
    }
    # Each link once; some links again later (a retry), some twice at once (a double tap).
    duplicated = rng.sample(tokens, int(len(tokens) * duplicate_share))
    later = duplicated[: len(duplicated) // 2]
    at_once = set(duplicated[len(duplicated) // 2 :])
    plan = [[token, token] if token in at_once else [token] for token in tokens]
    plan += [[token] for token in later]
    rng.shuffle(plan)
    queue: asyncio.Queue[list[str]] = asyncio.Queue()
    for group in plan:
        queue.put_nowait(group)
    results: list[tuple[str, int, float]] = []

    async def submit(connection: Connection, token: str) -> None:
        started = time.perf_counter()
        code, _payload = await connection.request(
            "POST", f"/api/v1/surveys/public/{token}/", bodies[token]
        )
        results.append((token, code, time.perf_counter() - started))

    async def worker() -> None:
        pair = (Connection(host, port), Connection(host, port))
        while not queue.empty():
            group = queue.get_nowait()
            await asyncio.gather(*(submit(pair[i], t) for i, t in enumerate(group)))
        for connection in pair:
            if connection.writer is not None:
                connection.writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(max(1, concurrency // 2))))
    return time.perf_counter() - started, results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=6000, help="links in the burst")
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of links re-sent")
    parser.add_argument("--concurrency", type=int, default=48, help="open connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench_survey")
    if not os.environ.get("REDIS_URL"):
        print("note: without REDIS_URL each submit runs its follow-up jobs in the web process")

    print(f"preparing {url} …", flush=True)
    recreate_database(url)
    campaign_id, tokens = prepare(url, options.customers)
    warm_up, measured = tokens[:200], tokens[200:]
    server = start_gunicorn(url, options.port, options.workers, options.threads)
    base = f"http://127.0.0.1:{options.port}"
    try:
        asyncio.run(wait_until_up(base))
        asyncio.run(burst(base, warm_up, 0.0, options.concurrency, seed=1))
        client_cpu = time.process_time()
        wall, results = asyncio.run(
            burst(base, measured, options.duplicates, options.concurrency, seed=2)
        )
        client_cpu = time.process_time() - client_cpu
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    statuses: dict[int, int] = {}
    for _token, code, _seconds in results:
        statuses[code] = statuses.get(code, 0) + 1
    latencies = [seconds * 1000 for _token, _code, seconds in results]
    created_tokens = [token for token, code, _seconds in results if code == 201]
    stored = stored_responses(url, campaign_id) - len(warm_up)
    unique_submitted = len({token for token, _code, _seconds in results})
    print(
        f"\ngunicorn workers {options.workers} × threads {options.threads}, "
        f"client connections {options.concurrency}, "
        f"{os.cpu_count()} cores"
    )
    print(f"requests            {len(results):>8,}  ({unique_submitted:,} unique links)")
    print(f"wall time           {wall:>8.2f} s  (client CPU {client_cpu:.1f} s)")
    print(f"requests per second {len(results) / wall:>8.0f}")
    print(f"responses stored/s  {len(created_tokens) / wall:>8.0f}")
    print(
        f"latency ms          p50 {statistics.median(latencies):.1f}  "
        f"p95 {percentile(latencies, 0.95):.1f}  p99 {percentile(latencies, 0.99):.1f}  "
        f"max {max(latencies):.1f}"
    )
    print(f"status codes        {dict(sorted(statuses.items()))}")
    duplicates_refused = statuses.get(409, 0)
    ok = (
        stored == unique_submitted == len(created_tokens) == len(set(created_tokens))
        and duplicates_refused == len(results) - unique_submitted
        and set(statuses) <= {201, 409}
    )
    print(
        f"count check         stored {stored:,} = unique links {unique_submitted:,}; "
        f"duplicates refused {duplicates_refused:,} of {len(results) - unique_submitted:,}: "
        f"{'OK' if ok else 'FAILED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Foundation benchmark: seed time at 100k customers / 5M order lines, customer-list API latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/foundation.py
    (--skip-seed reuses the data already in that database)

Prints figures; asserts nothing about time. Latency is server time through Django's test client
(no network), medians and 95th percentiles over repeated requests in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def seed(url: str, customers: int, lines: int, *extra: str) -> float:
    env = dict(os.environ, DATABASE_URL=url, DEBUG="1")
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--customers", str(customers), "--orders", str(lines), *extra],
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_api(url: str, repeats: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.test_settings")
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from customers.models import Customer

    users = {
        "admin": User.objects.get(username="admin"),
        "supervisor": User.objects.get(username="zhou.min"),
        "manager": User.objects.get(username="zhang.wei"),
    }
    print(f"\ncustomers in database: {Customer.objects.count():,}")
    scenarios = [
        ("first page", "/api/v1/customers/"),
        ("page 40", "/api/v1/customers/?page=40"),
        ("state=current", "/api/v1/customers/?lifecycle_state=current"),
        ("tier+region", "/api/v1/customers/?tier=gold&region=east"),
        ("search name", "/api/v1/customers/?q=%E5%BC%A0"),
        ("newest first", "/api/v1/customers/?ordering=-created_at"),
    ]
    print(f"\n{'viewer':<11} {'scenario':<15} {'visible':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        visible = Customer.objects.visible_to(user).count()
        for label, path in scenarios:
            client.get(path)  # warm caches and connections
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            print(
                f"{role:<11} {label:<15} {visible:>8,} "
                f"{statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench")
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    if not args.skip_seed:
        recreate_database(url)
        seconds = seed(url, args.customers, args.lines)
        print(
            f"\nseed_demo --customers {args.customers:,} --orders {args.lines:,}: {seconds:.1f} s"
        )
    measure_api(url, args.repeats)


if __name__ == "__main__":
    main()

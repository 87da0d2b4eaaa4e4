"""The supervisor's customer list at 100,000 customers: what visibility costs a request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench \
    .venv/bin/python bench/customer_list.py
    (--skip-seed reuses the data already in that database; --settle first vacuums it, as
    autovacuum will have some time after a load; --jit on|off overrides the setting of the
    application's connections, to tell the query's own cost from JIT compilation)

A supervisor sees their department's customers and those whose complaints their department
handles (Customer.objects.visible_to). For `GET /api/v1/customers/` as the supervisor zhou.min —
the first page, a deep page and a name search — prints server time through Django's test client
(no network), p50 and p95 over repeated requests, and for the page's count query PostgreSQL's
cost estimate, whether it was JIT-compiled, and its execution time. The estimates, and so JIT,
depend on whether the tables have been vacuumed since the load: a fresh seed leaves autovacuum
off on the two tables concerned until a --settle run, so that both states can be measured.
Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from foundation import percentile, recreate_database, seed  # noqa: E402

SCENARIOS = [
    ("first page", "/api/v1/customers/"),
    ("page 40", "/api/v1/customers/?page=40"),
    ("search name", "/api/v1/customers/?q=%E5%BC%A0"),  # 张
]


TABLES = ("customers_customer", "complaints_complaint")


def hold_as_loaded(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for table in TABLES:
            connection.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = off)")


def settle(url: str) -> None:
    """VACUUM ANALYZE, as autovacuum does some time after a load: plans (index-only scans, the
    estimates JIT is decided on) depend on it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        for table in TABLES:
            connection.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--settle", action="store_true")
    parser.add_argument("--jit", choices=["on", "off"], default=None)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench")
    if not url.startswith("postgres"):
        sys.exit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://...).")
    if not options.skip_seed:
        recreate_database(url)
        print(f"seed_demo: {seed(url, options.customers, options.lines):.1f} s", flush=True)
        hold_as_loaded(url)
    if options.settle:
        settle(url)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.test_settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from customers.models import Customer

    if options.jit:
        connection.settings_dict.setdefault("OPTIONS", {})["options"] = f"-c jit={options.jit}"
        connection.close()
    supervisor = User.objects.get(username="zhou.min")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW jit_above_cost")
        jit_above = float(cursor.fetchone()[0])
    visible = Customer.objects.visible_to(supervisor).count()
    print(
        f"\ncustomers {Customer.objects.count():,}, visible to zhou.min {visible:,}; "
        f"connection jit={jit} (jit_above_cost {jit_above:,.0f})"
    )
    print(
        f"\n{'scenario':<12} {'p50 ms':>8} {'p95 ms':>8}   "
        f"{'count cost':>11} {'JIT?':>5} {'count ms':>9}"
    )
    client = Client()
    client.force_login(supervisor)
    for label, path in SCENARIOS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path  # warms caches and the connection
        count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {count_sql}")
            plan = cursor.fetchone()[0][0]
        cost = plan["Plan"]["Total Cost"]
        timings = []
        for _ in range(options.repeats):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(
            f"{label:<12} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f}   "
            f"{cost:>11,.0f} {'yes' if 'JIT' in plan else 'no':>5} "
            f"{plan['Execution Time']:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

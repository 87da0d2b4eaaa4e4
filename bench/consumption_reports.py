"""Consumption-report benchmark at 100,000 customers / 5,000,000 order lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench \
    .venv/bin/python bench/consumption_reports.py
    (--skip-seed reuses the data already in that database)

For every dimension as rows, with and without a one-year filter, times the API answer (server
time through Django's test client, as admin: the widest scope) and, in the same run, the
equivalent raw GROUP BY over the order lines; checks that both give the same numbers.
Prints p50/p95 and the ratio; asserts nothing about time, exits 1 if any numbers differ.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from foundation import percentile, recreate_database, seed  # noqa: E402

LINE_COLUMNS = {
    "month": "month",
    "customer_category": "customer__tier",
    "product_category": "category_id",
    "region": "region_id",
    "salesperson": "salesperson_id",
    "department": "department_id",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--repeats", type=int, default=20)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench")
    if not options.skip_seed:
        recreate_database(url)
        print(f"seed_demo: {seed(url, options.customers, options.lines):.1f} s", flush=True)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.test_settings")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client

    from accounts.models import User
    from analytics.models import CategoryRollup, OrderRollup
    from sales.models import OrderLine

    admin = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    last = OrderLine.objects.order_by("-ordered_on").values_list("ordered_on", flat=True).first()
    assert last is not None
    year_from = date(last.year - 1, last.month, 1)
    year_to = date(last.year, last.month, 1)
    print(
        f"order lines {OrderLine.objects.count():,}; rollup rows "
        f"{CategoryRollup.objects.count():,} by category, {OrderRollup.objects.count():,} by order"
    )
    print(
        f"\n{'report (rows)':<20} {'period':<9} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'GROUP BY ms':>12} {'ratio':>7}  numbers"
    )
    mismatches = 0
    p95s: list[float] = []
    for rows in LINE_COLUMNS:
        for label, params in (
            ("all", {}),
            ("one year", {"date_from": f"{year_from:%Y-%m}", "date_to": f"{year_to:%Y-%m}"}),
        ):
            timings: list[float] = []
            answer = None
            for _ in range(options.repeats):
                started = time.perf_counter()
                response = client.get("/api/v1/analytics/consumption/", {"rows": rows, **params})
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content[:300]
                answer = response.json()
            assert answer is not None
            lines = OrderLine.objects.all()
            if params:
                lines = lines.filter(ordered_on__gte=year_from).annotate(
                    month=TruncMonth("ordered_on")
                )
                lines = lines.filter(month__lte=year_to)
            elif rows == "month":
                lines = lines.annotate(month=TruncMonth("ordered_on"))
            column = LINE_COLUMNS[rows]
            raw_timings = []
            for _ in range(2):
                reset_queries()
                started = time.perf_counter()
                direct = {
                    row[column]: row["amount"]
                    for row in lines.values(column).annotate(amount=Sum("amount")).order_by()
                }
                raw_timings.append((time.perf_counter() - started) * 1000)
            reported = {row["key"]: Decimal(row["amount"]) for row in answer["rows"]}
            direct_keys = {
                (
                    f"{key:%Y-%m}" if isinstance(key, date) else ("none" if key == "" else str(key))
                ): amount
                for key, amount in direct.items()
            }
            same = reported == direct_keys
            mismatches += not same
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            p95s.append(p95)
            raw = min(raw_timings)
            print(
                f"{rows:<20} {label:<9} {len(answer['rows']):>5} {p50:>8.1f} {p95:>8.1f} "
                f"{raw:>12.0f} {raw / p50:>6.0f}x  {'agree' if same else 'DIFFER'}",
                flush=True,
            )
    print(f"\nworst p95 {max(p95s):.1f} ms; numbers differ in {mismatches} report(s)")
    connection.close()
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())

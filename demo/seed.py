"""Entry point of the demo and scale data: one transaction, bulk writes only."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction

from customers.models import Customer, ImportantDate, Interaction, KeyContact, LifecycleChange
from sales.models import Order, OrderLine

from .analytics import seed_analytics
from .bulk import bulk_load, reset_sequences
from .care import seed_care
from .complaints import seed_complaints
from .generate import DemoBuilder, DemoReport
from .history import HistoryBuilder
from .reference import build_reference
from .surveys import seed_surveys

# What each app adds once the customers and orders exist, in this order: complaints and surveys
# first (they read the orders), then the rollups and value classes, then the night's care jobs.
EXTRA_STEPS: tuple[Callable[[DemoBuilder, DemoReport], None], ...] = (
    seed_complaints,
    seed_surveys,
    seed_analytics,
    seed_care,
)


def seed_demo(
    *,
    seed: int,
    customers: int,
    order_lines: int,
    as_of: date,
    log: Callable[[str], None] = print,
    nightly_jobs: bool = True,
) -> DemoReport:
    started = time.perf_counter()

    def step(label: str) -> None:
        log(f"  {time.perf_counter() - started:7.1f}s  {label}")

    with transaction.atomic():
        reference = build_reference()
        builder = DemoBuilder(reference=reference, seed=seed, as_of=as_of)
        builder.nightly_jobs = nightly_jobs
        people = builder.customers(customers)
        step(f"generated {customers:,} customers")
        orders, lines = builder.orders(people, order_lines)
        step(f"generated {len(orders):,} orders / {len(lines):,} lines")
        history = HistoryBuilder(builder, people)
        lifecycle = history.lifecycle()
        report = builder.report
        report.counts["customers"] = bulk_load(Customer, people.frame)
        step("customers written")
        report.counts["lifecycle_changes"] = bulk_load(LifecycleChange, lifecycle)
        report.counts["tags"] = bulk_load(Customer.tags.through, history.tags())
        report.counts["important_dates"] = bulk_load(ImportantDate, history.important_dates())
        report.counts["key_contacts"] = bulk_load(KeyContact, history.key_contacts())
        report.counts["interactions"] = bulk_load(Interaction, history.interactions())
        step("history, contacts and contact log written")
        report.counts["orders"] = bulk_load(Order, orders)
        step("orders written")
        report.counts["order_lines"] = bulk_load(OrderLine, lines)
        step("order lines written")
        reset_sequences(
            Customer,
            Customer.tags.through,
            LifecycleChange,
            ImportantDate,
            KeyContact,
            Interaction,
            Order,
            OrderLine,
        )
        for extra in EXTRA_STEPS:
            extra(builder, report)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses on the tables it has never seen filled.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    step("done")
    return report

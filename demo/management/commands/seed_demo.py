from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.mail import require_email
from customers.models import Customer
from demo import vocabulary
from demo.seed import seed_demo

MAX_CUSTOMERS = 2_000_000
MAX_ORDER_LINES = 50_000_000


class Command(BaseCommand):
    help = (
        "Build a realistic, deterministic demo dataset: departments, users, products, customers "
        "in every state, tier and personality type, three years of orders and a contact log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed (same seed, same data)."
        )
        parser.add_argument("--customers", type=int, default=400, help="Number of customers.")
        parser.add_argument(
            "--orders",
            "--order-lines",
            dest="order_lines",
            type=int,
            default=12_000,
            help="Number of order lines (consumption records); orders hold 2.5 lines on average.",
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Last day of the three-year history (YYYY-MM-DD, default today).",
        )
        parser.add_argument("--reset", action="store_true", help="Delete all data first.")
        parser.add_argument(
            "--without-nightly-jobs",
            action="store_true",
            help="Leave the nightly churn analysis and lifecycle rules to their first night.",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if customers already exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        customers, lines = options["customers"], options["order_lines"]
        if not 1 <= customers <= MAX_CUSTOMERS:
            raise CommandError(f"--customers must be between 1 and {MAX_CUSTOMERS:,}.")
        if not 0 <= lines <= MAX_ORDER_LINES:
            raise CommandError(f"--orders must be between 0 and {MAX_ORDER_LINES:,}.")
        if not options["reset"] and Customer.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Customers already exist; nothing to do.")
                return
            raise CommandError("The database already holds customers: use --reset to start over.")
        # The data sets off e-mail (the survey invitation after an evaluated complaint): without
        # a way to send it, stop now rather than after committing everything.
        try:
            require_email()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        as_of = options["as_of"] or timezone.localdate()
        self.stdout.write(
            f"Seeding {customers:,} customers and ~{lines:,} order lines (seed {options['seed']}):"
        )
        report = seed_demo(
            seed=options["seed"],
            customers=customers,
            order_lines=lines,
            as_of=as_of,
            log=self.stdout.write,
            nightly_jobs=not options["without_nightly_jobs"],
        )
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:>18}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo logins (password {vocabulary.DEMO_PASSWORD}): "
                + ", ".join(f"{u[0]} ({u[3]})" for u in vocabulary.USERS)
            )
        )

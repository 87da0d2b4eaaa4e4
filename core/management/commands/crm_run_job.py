import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.jobs import declared_jobs


class Command(BaseCommand):
    help = "Run one periodic job now, in the foreground, and print what it did."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=sorted(declared_jobs()))
        parser.add_argument("--day", help="Run as of this day (YYYY-MM-DD), where the job has one")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError as problem:
            raise CommandError(f"--day: {problem}") from problem
        outcome = declared_jobs()[options["job"]].run(day=day)
        self.stdout.write(json.dumps({"job": options["job"], "outcome": outcome}, default=str))

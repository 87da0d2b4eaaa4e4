from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.jobs import schedules_sync


class Command(BaseCommand):
    help = "Write the declared periodic jobs into the beat schedule (missing ones, or all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Overwrite edited schedules too")

    def handle(self, *args: Any, **options: Any) -> None:
        written = schedules_sync(reset=options["reset"])
        self.stdout.write(", ".join(written) if written else "All jobs are scheduled.")

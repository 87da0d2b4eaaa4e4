import time
from typing import Any

from django.core.management.base import BaseCommand

from analytics.rollup import rollup_rebuild


class Command(BaseCommand):
    help = "Recompute the consumption rollups from the order lines (after bulk loads)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rollup_rebuild()
        self.stdout.write(f"{rows} rollup rows in {time.perf_counter() - started:.1f} s")

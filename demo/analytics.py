from __future__ import annotations

from typing import Any

from analytics.rollup import rollup_rebuild
from analytics.value import value_class_refresh


def seed_analytics(builder: Any, report: Any) -> None:
    """The demo loads order lines in bulk (COPY), around the services: classify the customers
    by value, then count every line into the rollups once."""
    value_class_refresh(move_rollups=False)
    rollup_rebuild()

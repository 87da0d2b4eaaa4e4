from __future__ import annotations

from typing import Any

from .rollup import rollup_rebuild


def seed_analytics(builder: Any, report: Any) -> None:
    """The demo loads order lines in bulk (COPY), around the services: count them once."""
    rollup_rebuild()

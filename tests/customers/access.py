"""The graded-authorization (分级授权) table every visibility test reads.

The world (tests/conftest.py) has three customers: `own` (the manager's, East),
`same_department` (the colleague's, East) and `other_department` (the outsider's, West).
"""

from __future__ import annotations

import pytest

HIDDEN = "hidden"  # not visible: 404 everywhere, absent from lists and exports
READ_ONLY = "read_only"  # visible, sensitive fields masked, any change 403 (department staff)
FULL = "full"  # visible, sensitive fields in clear, editable (owner, their supervisor, admin)

RELATIONS = ("own", "same_department", "other_department")

# viewer → access to (own, same_department, other_department)
ACCESS: dict[str, tuple[str, str, str]] = {
    "manager": (FULL, HIDDEN, HIDDEN),
    "colleague": (HIDDEN, FULL, HIDDEN),
    "outsider": (HIDDEN, HIDDEN, FULL),
    "supervisor": (FULL, FULL, HIDDEN),
    "other_supervisor": (HIDDEN, HIDDEN, FULL),
    "staff": (READ_ONLY, READ_ONLY, HIDDEN),
    "admin": (FULL, FULL, FULL),
}

CELLS = [
    (viewer, relation, access)
    for viewer, row in ACCESS.items()
    for relation, access in zip(RELATIONS, row, strict=True)
]


def matrix(*, only: tuple[str, ...] = (HIDDEN, READ_ONLY, FULL)) -> list[object]:
    """pytest params (viewer, relation, access) for every cell of the table, or some levels."""
    return [
        pytest.param(viewer, relation, access, id=f"{viewer}-{relation}")
        for viewer, relation, access in CELLS
        if access in only
    ]

"""Writes to the customer archive. Every business rule about customers lives here."""

from .interactions import interaction_log
from .moves import customer_change_lifecycle, customer_register_purchase, customers_move_lifecycle
from .profile import EDITABLE_FIELDS, MAN_FIELDS, customer_create, customer_update
from .reference import (
    PROVINCES,
    REGIONS,
    province_create,
    province_delete,
    province_update,
    region_create,
    region_deactivate,
    region_delete,
    region_update,
    regions_load_standard,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MAN_FIELDS",
    "PROVINCES",
    "REGIONS",
    "customer_change_lifecycle",
    "customer_create",
    "customer_register_purchase",
    "customer_update",
    "customers_move_lifecycle",
    "interaction_log",
    "province_create",
    "province_delete",
    "province_update",
    "region_create",
    "region_deactivate",
    "region_delete",
    "region_update",
    "regions_load_standard",
]

from __future__ import annotations

from django import template

from customers.models import Region
from customers.models import region_name as name_of_region

register = template.Library()


@register.filter
def region_name(region: Region | None) -> str:
    """The region's name, or "Not set" for a customer or order without one."""
    return name_of_region(region)

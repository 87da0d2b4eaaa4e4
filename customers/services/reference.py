"""The customers app's reference data: regions and their provinces (see core.reference), and
the standard ones a new install loads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from core.reference import ReferenceData

from ..models import Province, Region
from ..standard import STANDARD_REGIONS

REGIONS = ReferenceData(Region, fields=("code", "name_en", "name_zh", "is_active"), key="code")
region_create = REGIONS.create
region_update = REGIONS.update
region_deactivate = REGIONS.deactivate
region_delete = REGIONS.delete

PROVINCES = ReferenceData(Province, fields=("code", "name_en", "name_zh", "region"), key="code")
province_create = PROVINCES.create
province_update = PROVINCES.update
province_delete = PROVINCES.delete


@dataclass(frozen=True)
class StandardLoaded:
    regions: int  # created by this run
    provinces: int
    regions_present: int  # there already, left as they are
    provinces_present: int


@transaction.atomic
def regions_load_standard() -> StandardLoaded:
    """Add the standard regions and provinces (customers/standard.py) that are not there yet,
    by code. What is there is left alone, administrators' edits included, so a second run
    changes nothing."""
    present = {region.code: region for region in Region.objects.all()}
    new_regions = [
        Region(code=item.code, name_en=item.name_en, name_zh=item.name_zh)
        for item in STANDARD_REGIONS
        if item.code not in present
    ]
    Region.objects.bulk_create(new_regions)
    regions = {**present, **{region.code: region for region in new_regions}}
    province_codes = set(Province.objects.values_list("code", flat=True))
    new_provinces = [
        Province(
            code=province.code,
            name_en=province.name_en,
            name_zh=province.name_zh,
            region=regions[item.code],
        )
        for item in STANDARD_REGIONS
        for province in item.provinces
        if province.code not in province_codes
    ]
    Province.objects.bulk_create(new_provinces)
    return StandardLoaded(
        regions=len(new_regions),
        provinces=len(new_provinces),
        regions_present=len(STANDARD_REGIONS) - len(new_regions),
        provinces_present=sum(len(item.provinces) for item in STANDARD_REGIONS)
        - len(new_provinces),
    )

"""The customers app's reference data: regions and their provinces (see core.reference)."""

from __future__ import annotations

from core.reference import ReferenceData

from ..models import Province, Region

REGIONS = ReferenceData(Region, fields=("code", "name_en", "name_zh", "is_active"), key="code")
region_create = REGIONS.create
region_update = REGIONS.update
region_deactivate = REGIONS.deactivate
region_delete = REGIONS.delete

PROVINCES = ReferenceData(Province, fields=("code", "name_en", "name_zh", "region"), key="code")
province_create = PROVINCES.create
province_update = PROVINCES.update
province_delete = PROVINCES.delete

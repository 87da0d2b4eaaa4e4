"""`manage.py crm_setup` loads the seven regions of China with their provinces, says what to do
next, and changes nothing when run again (administrators' edits stay)."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from customers.models import Province, Region
from customers.standard import STANDARD_REGIONS


def _setup() -> str:
    out = io.StringIO()
    call_command("crm_setup", stdout=out)
    return out.getvalue()


def _snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(Region.objects.order_by("pk").values()),
        list(Province.objects.order_by("pk").values()),
    )


def test_a_fresh_install_gets_the_seven_regions_with_their_provinces(db):
    # when
    output = _setup()

    # then the seven regions are there in both languages, each with its provinces
    regions = {region.code: region for region in Region.objects.prefetch_related("provinces")}
    assert sorted(region.name_zh for region in regions.values()) == sorted(
        ["华东", "华南", "华北", "华中", "西南", "西北", "东北"]
    )
    assert {p.name_zh for p in regions["east"].provinces.all()} >= {"上海", "江苏", "浙江"}
    assert {p.name_zh for p in regions["northeast"].provinces.all()} == {"辽宁", "吉林", "黑龙江"}
    assert Province.objects.count() == 34
    for row in [*regions.values(), *Province.objects.all()]:
        row.full_clean()  # codes are slugs, names fit
        assert row.name_en
        assert row.name_zh
    assert "Regions: 7 added, 0 already there. Provinces: 34 added" in output
    assert "crm_adduser <username> --role admin" in output
    assert "/reference/" in output


def test_running_it_again_changes_nothing_and_keeps_an_admins_edits(db):
    # given a first run, then an administrator's edits
    _setup()
    Region.objects.filter(code="east").update(name_en="East", is_active=False)
    Province.objects.filter(code="cn-tw").delete()
    Province.objects.filter(code="cn-sd").update(region=Region.objects.get(code="north"))
    before = _snapshot()

    # when it runs a second time
    output = _setup()

    # then only the deleted province came back; nothing else moved
    regions, provinces = _snapshot()
    assert regions == before[0]
    assert [p for p in provinces if p["code"] != "cn-tw"] == before[1]
    assert Province.objects.get(code="cn-tw").region.code == "east"
    assert "Regions: 0 added, 7 already there. Provinces: 1 added, 33 already there." in output

    # and a third run changes nothing at all
    settled = _snapshot()
    assert "Provinces: 0 added, 34 already there." in _setup()
    assert _snapshot() == settled


def test_the_standard_table_has_one_row_per_code():
    codes = [region.code for region in STANDARD_REGIONS]
    codes += [province.code for region in STANDARD_REGIONS for province in region.provinces]
    assert len(codes) == len(set(codes)) == 7 + 34

"""Standard reference data for a company in China: the seven geographic regions (七大地理区域)
and the province-level divisions in each, as `crm_setup` loads them (codes of provinces
follow ISO 3166-2:CN)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    code: str
    name_en: str
    name_zh: str


@dataclass(frozen=True)
class StandardRegion(Place):
    provinces: tuple[Place, ...] = ()


STANDARD_REGIONS: tuple[StandardRegion, ...] = (
    StandardRegion(
        "east",
        "East China",
        "华东",
        (
            Place("cn-sh", "Shanghai", "上海"),
            Place("cn-js", "Jiangsu", "江苏"),
            Place("cn-zj", "Zhejiang", "浙江"),
            Place("cn-ah", "Anhui", "安徽"),
            Place("cn-fj", "Fujian", "福建"),
            Place("cn-jx", "Jiangxi", "江西"),
            Place("cn-sd", "Shandong", "山东"),
            Place("cn-tw", "Taiwan", "台湾"),
        ),
    ),
    StandardRegion(
        "south",
        "South China",
        "华南",
        (
            Place("cn-gd", "Guangdong", "广东"),
            Place("cn-gx", "Guangxi", "广西"),
            Place("cn-hi", "Hainan", "海南"),
            Place("cn-hk", "Hong Kong", "香港"),
            Place("cn-mo", "Macao", "澳门"),
        ),
    ),
    StandardRegion(
        "north",
        "North China",
        "华北",
        (
            Place("cn-bj", "Beijing", "北京"),
            Place("cn-tj", "Tianjin", "天津"),
            Place("cn-he", "Hebei", "河北"),
            Place("cn-sx", "Shanxi", "山西"),
            Place("cn-nm", "Inner Mongolia", "内蒙古"),
        ),
    ),
    StandardRegion(
        "central",
        "Central China",
        "华中",
        (
            Place("cn-ha", "Henan", "河南"),
            Place("cn-hb", "Hubei", "湖北"),
            Place("cn-hn", "Hunan", "湖南"),
        ),
    ),
    StandardRegion(
        "southwest",
        "Southwest China",
        "西南",
        (
            Place("cn-cq", "Chongqing", "重庆"),
            Place("cn-sc", "Sichuan", "四川"),
            Place("cn-gz", "Guizhou", "贵州"),
            Place("cn-yn", "Yunnan", "云南"),
            Place("cn-xz", "Tibet", "西藏"),
        ),
    ),
    StandardRegion(
        "northwest",
        "Northwest China",
        "西北",
        (
            Place("cn-sn", "Shaanxi", "陕西"),
            Place("cn-gs", "Gansu", "甘肃"),
            Place("cn-qh", "Qinghai", "青海"),
            Place("cn-nx", "Ningxia", "宁夏"),
            Place("cn-xj", "Xinjiang", "新疆"),
        ),
    ),
    StandardRegion(
        "northeast",
        "Northeast China",
        "东北",
        (
            Place("cn-ln", "Liaoning", "辽宁"),
            Place("cn-jl", "Jilin", "吉林"),
            Place("cn-hl", "Heilongjiang", "黑龙江"),
        ),
    ),
)

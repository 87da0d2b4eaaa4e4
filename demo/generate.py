"""Deterministic demo and scale data. numpy draws the numbers, bulk.bulk_load writes them.

Three years of orders with seasonality and a Pareto spread of customer value (so the 80/20
rule shows), customers in every lifecycle state, tier and personality type, and a lifecycle
history consistent with their orders.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from django.conf import settings

from customers.choices import (
    AcquisitionSource,
    Industry,
    PersonalityType,
)
from customers.models import Customer
from sales.models import Order, OrderLine

from . import vocabulary as words
from .bulk import next_id
from .reference import Reference

DAYS = 3 * 365
MONTH_FACTOR = {
    1: 1.3,
    2: 0.7,
    3: 0.9,
    4: 0.95,
    5: 1.0,
    6: 1.25,
    7: 0.9,
    8: 0.9,
    9: 1.05,
    10: 1.0,
    11: 1.45,
    12: 1.3,
}
STATES = ["potential", "target", "current", "loyal", "lost", "non_customer"]
STATE_SHARE = [0.14, 0.10, 0.40, 0.20, 0.11, 0.05]
BUYER_STATES = {"current", "loyal", "lost"}
MAX_LINES_PER_ORDER = 6


@dataclass
class DemoReport:
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Customers:
    frame: pd.DataFrame
    weight: np.ndarray
    buyer: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray
    created_day: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


class DemoBuilder:
    def __init__(self, *, reference: Reference, seed: int, as_of: date):
        self.ref = reference
        self.rng = np.random.default_rng(seed)
        self.pick = random.Random(seed)
        self.as_of = as_of
        self.start = as_of - timedelta(days=DAYS - 1)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.report = DemoReport()
        self.nightly_jobs = True  # run the nightly analyses at the end, as a night would

    # -- helpers -------------------------------------------------------------------------
    def _day_dates(self, days: np.ndarray) -> np.ndarray:
        return np.datetime64(self.start, "D") + days.astype("timedelta64[D]")

    def _moments(self, days: np.ndarray, hour_lo: int = 9, hour_hi: int = 18) -> pd.Series:
        """Aware timestamps (UTC) on the given day indexes, in office hours local time."""
        minutes = self.rng.integers(hour_lo * 60, hour_hi * 60, len(days))
        local = pd.to_datetime(self._day_dates(days)) + pd.to_timedelta(minutes, unit="m")
        return pd.Series(local.tz_localize(self.zone).tz_convert("UTC"))

    def _season_cdf(self) -> np.ndarray:
        dates = pd.date_range(self.start, periods=DAYS, freq="D")
        weights = np.array([MONTH_FACTOR[m] for m in dates.month]) * np.linspace(0.85, 1.15, DAYS)
        return np.concatenate([[0.0], np.cumsum(weights)])

    # -- customers -------------------------------------------------------------------------
    def customers(self, count: int) -> _Customers:
        rng, pick = self.rng, self.pick
        first_id = next_id(Customer)
        ids = np.arange(first_id, first_id + count)
        sales = sorted(self.ref.sales_people, key=lambda u: u.pk)
        owner_weights = np.array([1.0 if u.role == "manager" else 0.35 for u in sales])
        owner_idx = rng.choice(len(sales), count, p=owner_weights / owner_weights.sum())
        dept_key = {name: key for key, name in words.DEPARTMENTS.items()}
        owner_dept_key = [dept_key[str(sales[i].department)] for i in owner_idx]
        region_codes = [
            pick.choice(words.DEPARTMENT_REGIONS[k])
            if pick.random() < 0.45
            else words.DEPARTMENT_REGIONS[k][0]
            for k in owner_dept_key
        ]
        enterprise = rng.random(count) < 0.35
        state = rng.choice(STATES, count, p=STATE_SHARE)
        buyer = np.isin(state, list(BUYER_STATES))

        weight = (rng.pareto(1.16, count) + 1.0) * np.where(enterprise, 3.0, 1.0)
        weight *= np.select([state == "loyal", state == "lost"], [2.5, 0.6], 1.0)
        weight = np.where(buyer, weight, 0.0)
        rank = np.empty(count, dtype=int)
        rank[np.argsort(-weight, kind="stable")] = np.arange(count)
        n_buyers = int(buyer.sum())
        tier = np.where(
            rank < max(1, n_buyers // 20),
            "one_to_one",
            np.where(rank < max(1, n_buyers // 4), "gold", "silver"),
        )
        tier = np.where(~buyer & (rng.random(count) < 0.1), "gold", tier)

        first_day = np.where(
            state == "loyal", rng.integers(0, 700, count), rng.integers(0, 1000, count)
        )
        first_day = np.where(state == "lost", rng.integers(0, 600, count), first_day)
        last_day = np.where(
            state == "lost", np.minimum(first_day + rng.integers(90, 450, count), 900), DAYS - 1
        )

        personalities = [*PersonalityType.values, ""]
        industries = [i for i in Industry.values if i != "personal"]
        sources = AcquisitionSource.values
        source = rng.choice(sources, count, p=_source_share(sources))
        names, kinds, industry, emails, addresses = [], [], [], [], []
        for i in range(count):
            city = pick.choice(words.CITIES[region_codes[i]])
            if enterprise[i]:
                names.append(
                    f"{city}{pick.choice(words.COMPANY_WORDS)}{pick.choice(words.COMPANY_TRADES)}有限公司"
                )
                kinds.append("enterprise")
                industry.append(pick.choice(industries))
            else:
                names.append(pick.choice(words.SURNAMES) + pick.choice(words.GIVEN))
                kinds.append("individual")
                industry.append("personal")
            emails.append(f"c{ids[i]}@example.cn" if pick.random() < 0.6 else "")
            addresses.append(f"{city}市{pick.choice(words.STREETS)}{pick.randint(1, 999)}号")
        referred = np.full(count, None, dtype=object)
        for referral in np.flatnonzero(source == AcquisitionSource.REFERRAL):
            if referral > 0:
                referred[referral] = int(ids[pick.randrange(0, int(referral))])
        source = np.where(
            (source == AcquisitionSource.REFERRAL) & pd.isna(referred), "other", source
        )
        non_customer = state == "non_customer"
        man = rng.random((count, 3)) < np.where(buyer, 0.85, 0.55)[:, None]
        man[non_customer] = False

        frame = pd.DataFrame(
            {
                "id": ids,
                "kind": kinds,
                "name": names,
                "phone": [
                    f"1{pick.choice('3578')}{pick.randint(0, 9)}"
                    f"{pick.randint(10_000_000, 99_999_999)}"
                    for _ in range(count)
                ],
                "email": emails,
                "address": addresses,
                "messaging_id": [
                    f"wx_{ids[i]}" if pick.random() < 0.5 else "" for i in range(count)
                ],
                "region_id": [self.ref.regions[code].pk for code in region_codes],
                "industry": industry,
                "source": source,
                "referred_by_id": pd.array(referred, dtype="Int64"),
                "owner_id": [sales[i].pk for i in owner_idx],
                "department_id": [sales[i].department_id for i in owner_idx],
                "lifecycle_state": state,
                "has_money": man[:, 0],
                "has_authority": man[:, 1],
                "has_need": man[:, 2],
                "personality_type": [pick.choice(personalities) for _ in range(count)],
                "tier": tier,
                "value_class": "",
                "taboos": [pick.choice(words.TABOOS) for _ in range(count)],
                "beliefs": [pick.choice(words.BELIEFS) for _ in range(count)],
                "preferences": [pick.choice(words.PREFERENCES) for _ in range(count)],
                "life_background": [pick.choice(words.BACKGROUNDS) for _ in range(count)],
                "values": [pick.choice(words.VALUES) for _ in range(count)],
                "family": [
                    pick.choice(words.FAMILIES) if not enterprise[i] else "" for i in range(count)
                ],
                "needs": [pick.choice(words.NEEDS) for _ in range(count)],
                "org_structure": [
                    pick.choice(words.ORG_NOTES) if enterprise[i] else "" for i in range(count)
                ],
                "purchasing_method": [
                    pick.choice(words.PURCHASING) if enterprise[i] else "" for i in range(count)
                ],
                "competitors": [
                    pick.choice(words.COMPETITORS) if enterprise[i] else "" for i in range(count)
                ],
            }
        )
        return _Customers(frame, weight, buyer, first_day, last_day)

    # -- orders ----------------------------------------------------------------------------
    def orders(self, people: _Customers, target_lines: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng = self.rng
        frame = people.frame
        buyers = np.flatnonzero(people.buyer)
        n_orders = max(len(buyers), round(target_lines / 2.5))
        extra = n_orders - len(buyers)
        p = people.weight[buyers] / people.weight[buyers].sum()
        customer_idx = np.concatenate([buyers, buyers[rng.choice(len(buyers), extra, p=p)]])
        cdf = self._season_cdf()
        lo, hi = people.first_day[customer_idx], people.last_day[customer_idx]
        u = cdf[lo] + rng.random(n_orders) * (cdf[hi + 1] - cdf[lo])
        day = np.clip(np.searchsorted(cdf, u, side="right") - 1, lo, hi)
        day[: len(buyers)] = people.first_day[buyers]

        order_ids = np.arange(next_id(Order), next_id(Order) + n_orders)
        lines_per_order = 1 + np.minimum(rng.poisson(1.5, n_orders), MAX_LINES_PER_ORDER - 1)
        line_order = np.repeat(np.arange(n_orders), lines_per_order)
        n_lines = len(line_order)
        line_customer = customer_idx[line_order]
        enterprise = (frame["kind"].to_numpy() == "enterprise")[line_customer]

        catalogue = self.ref.products
        popularity = np.array([row[5] for row in words.PRODUCTS], dtype=float)
        business = np.array(
            [row[2] in ("office-equipment", "consumables", "services") for row in words.PRODUCTS]
        )
        product = rng.choice(len(catalogue), n_lines, p=popularity / popularity.sum())
        tilted = popularity * np.where(business, 3.0, 0.5)
        swap = enterprise & (rng.random(n_lines) < 0.6)
        product[swap] = rng.choice(len(catalogue), int(swap.sum()), p=tilted / tilted.sum())
        quantity = np.minimum(rng.geometric(np.where(enterprise, 0.22, 0.75)), 200)
        list_cents = np.array(
            [round(float(pr.list_price) * 100) for pr in catalogue], dtype=np.int64
        )
        cost_cents = np.array(
            [round(float(pr.unit_cost) * 100) for pr in catalogue], dtype=np.int64
        )
        discount = rng.choice([100, 98, 95, 90, 85], n_lines, p=[0.5, 0.15, 0.15, 0.12, 0.08])
        price = list_cents[product] * discount // 100
        amount = quantity * price
        cost = quantity * cost_cents[product]

        owner = frame["owner_id"].to_numpy()[customer_idx]
        dept = frame["department_id"].to_numpy()[customer_idx]
        region = frame["region_id"].to_numpy()[customer_idx]
        dates = self._day_dates(day)
        ymd = pd.Series(pd.DatetimeIndex(dates).strftime("%Y%m%d"))
        numbers = "SO-" + ymd + "-" + pd.Series(order_ids).astype(str).str.zfill(7)
        orders = pd.DataFrame(
            {
                "id": order_ids,
                "number": numbers,
                "customer_id": frame["id"].to_numpy()[customer_idx],
                "ordered_on": dates,
                "salesperson_id": owner,
                "department_id": dept,
                "region_id": region,
                "total_amount": np.bincount(line_order, weights=amount, minlength=n_orders).astype(
                    np.int64
                ),
                "total_cost": np.bincount(line_order, weights=cost, minlength=n_orders).astype(
                    np.int64
                ),
                "note": "",
                "created_by_id": owner,
                "created_at": self._moments(day),
            }
        )
        category_ids = np.array([pr.category_id for pr in catalogue])
        product_ids = np.array([pr.pk for pr in catalogue])
        lines = pd.DataFrame(
            {
                "id": np.arange(next_id(OrderLine), next_id(OrderLine) + n_lines),
                "order_id": order_ids[line_order],
                "product_id": product_ids[product],
                "quantity": quantity,
                "unit_price": price,
                "amount": amount,
                "cost": cost,
                "ordered_on": dates[line_order],
                "customer_id": frame["id"].to_numpy()[line_customer],
                "salesperson_id": owner[line_order],
                "department_id": dept[line_order],
                "region_id": region[line_order],
                "category_id": category_ids[product],
            }
        )
        # Where each customer's purchases really start and end, for a consistent history.
        first = np.full(len(frame), -1)
        last = np.full(len(frame), -1)
        order_frame = (
            pd.DataFrame({"c": customer_idx, "d": day}).groupby("c")["d"].agg(["min", "max"])
        )
        first[order_frame.index.to_numpy()] = order_frame["min"].to_numpy()
        last[order_frame.index.to_numpy()] = order_frame["max"].to_numpy()
        people.first_day, people.last_day = first, last
        return orders, lines


def _source_share(sources: list[str]) -> np.ndarray:
    share = {
        "referral": 0.18,
        "phone": 0.14,
        "meeting": 0.12,
        "door_to_door": 0.08,
        "friends": 0.1,
        "directory": 0.08,
        "club": 0.05,
        "consulting": 0.03,
        "assistant": 0.04,
        "influence_centre": 0.06,
        "other": 0.12,
    }
    weights = np.array([share[s] for s in sources])
    return weights / weights.sum()


def _aware(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)

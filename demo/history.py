"""The demo's per-customer history: lifecycle changes, contact log, dates, contacts, tags."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from customers.choices import InteractionChannel, LifecycleCause
from customers.models import Customer, ImportantDate, Interaction, KeyContact, LifecycleChange

from . import vocabulary as words
from .bulk import next_id
from .generate import DAYS, DemoBuilder, _Customers

CHANNELS = list(InteractionChannel.values)
CHANNEL_SHARE = np.array([0.3, 0.08, 0.25, 0.08, 0.15, 0.04, 0.03, 0.04, 0.03])
DECISION_ROLES = ["decision_maker", "influencer", "purchaser", "user", "gatekeeper", "initiator"]


class HistoryBuilder:
    def __init__(self, builder: DemoBuilder, people: _Customers):
        self.b = builder
        self.people = people
        self.pick = builder.pick

    def _at(self, day: int, hour: int = 10, minute: int = 0) -> datetime:
        local = datetime.combine(
            self.b.start + timedelta(days=int(day)), time(hour, minute), tzinfo=self.b.zone
        )
        return local.astimezone(UTC)

    def lifecycle(self) -> pd.DataFrame:
        """Fills created_at / lifecycle_changed_at on the customers and returns the history rows."""
        frame = self.people.frame
        pick = self.pick
        rows: list[tuple[object, ...]] = []
        created_at, changed_at = [], []
        for i, (cid, state, owner) in enumerate(
            zip(frame["id"], frame["lifecycle_state"], frame["owner_id"], strict=True)
        ):
            first, last = int(self.people.first_day[i]), int(self.people.last_day[i])
            if state in ("current", "loyal", "lost") and first >= 0:
                created = first - pick.randint(10, 120)
                start_state = pick.choice(["potential", "target"])
                events = [
                    ("", start_state, LifecycleCause.CREATED, "", owner, self._at(created, 9))
                ]
                events.append(
                    (
                        start_state,
                        "current",
                        LifecycleCause.FIRST_ORDER,
                        "",
                        owner,
                        self._at(first, 23, 59),
                    )
                )
                if state == "loyal":
                    day = min(first + pick.randint(120, 360), DAYS - 1)
                    events.append(
                        (
                            "current",
                            "loyal",
                            LifecycleCause.MANUAL,
                            "多次主动重复购买",
                            owner,
                            self._at(day, 11),
                        )
                    )
                if state == "lost":
                    day = min(last + pick.randint(120, 200), DAYS - 1)
                    events.append(
                        (
                            "current",
                            "lost",
                            LifecycleCause.MANUAL,
                            pick.choice(words.LOST_REASONS),
                            owner,
                            self._at(day, 15),
                        )
                    )
            else:
                created = pick.randint(0, DAYS - 1)
                if state == "non_customer":
                    events = [
                        ("", "potential", LifecycleCause.CREATED, "", owner, self._at(created, 9)),
                        (
                            "potential",
                            "non_customer",
                            LifecycleCause.MANUAL,
                            "无购买能力和需求，停止联系",
                            owner,
                            self._at(min(created + pick.randint(5, 60), DAYS - 1), 16),
                        ),
                    ]
                else:
                    events = [("", state, LifecycleCause.CREATED, "", owner, self._at(created, 9))]
            created_at.append(events[0][5])
            changed_at.append(events[-1][5])
            rows.extend((cid, *event) for event in events)
        frame["created_at"] = pd.Series(created_at, dtype="datetime64[ns, UTC]")
        frame["updated_at"] = pd.Series(changed_at, dtype="datetime64[ns, UTC]")
        frame["lifecycle_changed_at"] = frame["updated_at"]
        frame["man_assessed_at"] = frame["created_at"].where(
            frame["has_money"] | frame["has_authority"] | frame["has_need"]
        )
        self.people.created_day = np.array(
            [(dt.astimezone(self.b.zone).date() - self.b.start).days for dt in created_at]
        )
        history = pd.DataFrame(
            rows,
            columns=[
                "customer_id",
                "from_state",
                "to_state",
                "cause",
                "reason",
                "actor_id",
                "changed_at",
            ],
        )
        history.insert(
            0, "id", np.arange(next_id(LifecycleChange), next_id(LifecycleChange) + len(history))
        )
        history["changed_at"] = pd.Series(
            history["changed_at"].tolist(), dtype="datetime64[ns, UTC]"
        )
        return history

    def interactions(self) -> pd.DataFrame:
        rng, pick = self.b.rng, self.pick
        frame = self.people.frame
        tier_bonus = np.select([frame["tier"] == "one_to_one", frame["tier"] == "gold"], [6, 2], 0)
        counts = np.minimum(rng.poisson(2.0, len(frame)) + tier_bonus, 30)
        owner = np.repeat(frame["owner_id"].to_numpy(), counts)
        customer = np.repeat(frame["id"].to_numpy(), counts)
        start_day = np.clip(np.repeat(self.people.created_day, counts), 0, DAYS - 1)
        day = start_day + (rng.random(len(customer)) * (DAYS - start_day)).astype(int)
        n = len(customer)
        promise_mask = rng.random(n) < 0.2
        due = pd.Series(pd.to_datetime(self.b._day_dates(day + rng.integers(3, 21, n)))).dt.date
        interactions = pd.DataFrame(
            {
                "id": np.arange(next_id(Interaction), next_id(Interaction) + n),
                "customer_id": customer,
                "channel": rng.choice(CHANNELS, n, p=CHANNEL_SHARE / CHANNEL_SHARE.sum()),
                "occurred_at": self.b._moments(day),
                "user_id": owner,
                "summary": [pick.choice(words.INTERACTION_SUMMARIES) for _ in range(n)],
                "promise": [pick.choice(words.PROMISES) if m else "" for m in promise_mask],
                "promise_due": due.where(promise_mask, None),
                "next_step": [
                    pick.choice(words.NEXT_STEPS) if pick.random() < 0.4 else "" for _ in range(n)
                ],
            }
        )
        interactions["created_at"] = interactions["occurred_at"]
        return interactions

    def important_dates(self) -> pd.DataFrame:
        pick = self.pick
        rows: list[tuple[Any, ...]] = []
        for cid, kind in zip(self.people.frame["id"], self.people.frame["kind"], strict=True):
            if kind == "individual" and pick.random() < 0.7:
                if pick.random() < 0.25:
                    rows.append(
                        (
                            cid,
                            "birthday",
                            "",
                            "lunar",
                            pick.randint(1955, 2000),
                            pick.randint(1, 12),
                            pick.randint(1, 30),
                            False,
                        )
                    )
                else:
                    born = datetime(1955, 1, 1) + timedelta(days=pick.randint(0, 45 * 365))  # noqa: DTZ001 (a calendar day)
                    rows.append(
                        (cid, "birthday", "", "solar", born.year, born.month, born.day, False)
                    )
                if pick.random() < 0.3:
                    rows.append(
                        (
                            cid,
                            "anniversary",
                            "结婚纪念日",
                            "solar",
                            None,
                            pick.randint(1, 12),
                            pick.randint(1, 28),
                            False,
                        )
                    )
            elif kind == "enterprise":
                if pick.random() < 0.6:
                    rows.append(
                        (
                            cid,
                            "anniversary",
                            "公司成立日",
                            "solar",
                            pick.randint(1995, 2020),
                            pick.randint(1, 12),
                            pick.randint(1, 28),
                            False,
                        )
                    )
                if pick.random() < 0.15:
                    rows.append(
                        (
                            cid,
                            "honour_day",
                            "获评行业优秀企业",
                            "solar",
                            None,
                            pick.randint(1, 12),
                            pick.randint(1, 28),
                            False,
                        )
                    )
        dates = pd.DataFrame(
            rows,
            columns=[
                "customer_id",
                "kind",
                "label",
                "calendar",
                "year",
                "month",
                "day",
                "is_leap_month",
            ],
        )
        dates["year"] = dates["year"].astype("Int64")
        dates.insert(
            0, "id", np.arange(next_id(ImportantDate), next_id(ImportantDate) + len(dates))
        )
        return dates

    def key_contacts(self) -> pd.DataFrame:
        pick = self.pick
        rows: list[tuple[Any, ...]] = []
        for cid, kind in zip(self.people.frame["id"], self.people.frame["kind"], strict=True):
            if kind != "enterprise":
                continue
            for index in range(pick.randint(1, 3)):
                role = "decision_maker" if index == 0 else pick.choice(DECISION_ROLES[1:])
                name = pick.choice(words.SURNAMES) + pick.choice(words.GIVEN)
                phone = f"13{pick.randint(0, 9)}{pick.randint(10_000_000, 99_999_999)}"
                rows.append((cid, name, pick.choice(words.CONTACT_TITLES), role, phone, "", ""))
        contacts = pd.DataFrame(
            rows,
            columns=["customer_id", "name", "title", "decision_role", "phone", "email", "notes"],
        )
        contacts.insert(
            0, "id", np.arange(next_id(KeyContact), next_id(KeyContact) + len(contacts))
        )
        return contacts

    def tags(self) -> pd.DataFrame:
        pick = self.pick
        tag_ids = [tag.pk for tag in self.b.ref.tags]
        vip = self.b.ref.tags[0].pk
        rows: list[tuple[Any, ...]] = []
        for cid, tier in zip(self.people.frame["id"], self.people.frame["tier"], strict=True):
            chosen = set(pick.sample(tag_ids, pick.choice([0, 0, 1, 1, 2])))
            if tier == "one_to_one":
                chosen.add(vip)
            rows.extend((cid, tag) for tag in sorted(chosen))
        through = Customer.tags.through
        tags = pd.DataFrame(rows, columns=["customer_id", "tag_id"])
        tags.insert(0, "id", np.arange(next_id(through), next_id(through) + len(tags)))
        return tags

"""Demo complaints in every state, walked through the real workflow with believable timings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from accounts.models import Role, User
from complaints.models import Complaint
from complaints.services import complaint_escalate_overdue, complaint_record, complaint_transition
from customers.models import Customer

if TYPE_CHECKING:
    from demo.generate import DemoBuilder, DemoReport

# How far each demo complaint gets (share of complaints).
ENDINGS = [
    ("recorded", 0.07),
    ("accepted", 0.05),
    ("assigned", 0.08),
    ("analysed", 0.07),
    ("proposed", 0.1),
    ("approved", 0.07),
    ("implemented", 0.06),
    ("evaluated", 0.06),
    ("closed", 0.37),
    ("invalid", 0.05),
    ("rejected_once", 0.02),
]
ORDER = [
    "recorded",
    "accepted",
    "assigned",
    "analysed",
    "proposed",
    "approved",
    "implemented",
    "evaluated",
    "closed",
]
CONTENTS = {
    "product_quality": ["空调安装后一周就漏水", "扫地机器人充电座坏了", "冰箱噪音太大，影响休息"],
    "service": ["上门安装师傅迟到两个小时", "客服电话一直打不通", "售后态度冷淡，推诿责任"],
    "delivery": ["送货延误三天，没有任何通知", "包装破损，外壳有划痕", "送错了型号"],
    "price": ["刚买就降价，要求补差价", "发票金额和合同不一致"],
    "other": ["宣传单上的赠品没有收到", "会员积分没有到账"],
}
DEPARTMENT_FOR = {
    "product_quality": "质量管理部",
    "delivery": "物流配送部",
    "service": "客户服务部",
    "price": "客户服务部",
    "other": "客户服务部",
}


def seed_complaints(builder: DemoBuilder, report: DemoReport) -> None:
    pick = builder.pick
    buyers = list(
        Customer.objects.filter(lifecycle_state__in=["current", "loyal", "lost"])
        .select_related("owner")
        .order_by("id")
    )
    if not buyers:
        return
    count = min(300, max(20, len(buyers) // 6))
    staff = _people(Role.STAFF)
    supervisors = _people(Role.SUPERVISOR)
    end = datetime.combine(builder.as_of, time(18), tzinfo=builder.zone)
    made = 0
    for _index in range(count):
        customer = pick.choice(buyers)
        category = pick.choice(list(CONTENTS))
        department_name = DEPARTMENT_FOR[category]
        on_the_spot = pick.random() < 0.18
        ending = _ending(pick.random()) if not on_the_spot else "closed"
        at = end - timedelta(days=pick.randint(2, 200), hours=pick.randint(0, 9))
        complaint = complaint_record(
            customer=customer,
            actor=customer.owner,
            at=at,
            values={
                "channel": pick.choice(["phone", "visit", "messaging", "email", "web"]),
                "category": category,
                "severity": pick.choices(["low", "normal", "high", "critical"], [2, 6, 3, 1])[0],
                "content": pick.choice(CONTENTS[category]),
                "customer_request": pick.choice(
                    ["要求退款", "要求更换", "要求道歉并赔偿", "尽快解决", ""]
                ),
                "resolved_on_the_spot": "on" if on_the_spot else "",
                "received_at": at.isoformat(timespec="seconds"),
            },
        )
        owner = customer.owner

        def step(
            action: str,
            actor: User,
            values: dict[str, str],
            hours: tuple[int, int],
            complaint: Complaint = complaint,
        ) -> None:
            nonlocal at
            at = min(at + timedelta(hours=pick.randint(*hours), minutes=pick.randint(0, 59)), end)
            complaint_transition(
                complaint=complaint, actor=actor, action=action, values=values, at=at
            )

        if ending == "invalid":
            step(
                "judge",
                owner,
                {"valid": "false", "explanation": "经核实属于使用不当，已向客户说明正确用法"},
                (1, 20),
            )
            made += 1
            continue
        target = "analysed" if ending == "rejected_once" else ending
        reached = ORDER.index(target)
        dept_staff = staff.get(department_name) or []
        dept_supervisor = supervisors.get(department_name) or []
        if reached >= 1:
            step("judge", owner, {"valid": "true"}, (1, 30))
        if reached >= 2:
            department = dept_staff[0].department if dept_staff else owner.department
            step("assign", owner, {"department": str(department.pk) if department else ""}, (1, 24))
        if reached >= 3 and dept_staff:
            step(
                "analyse",
                pick.choice(dept_staff),
                {
                    "cause_category": pick.choice(
                        [
                            "unstable_quality",
                            "behaviour_gap",
                            "procedure_gap",
                            "poor_service",
                            "perception_gap",
                            "understanding_gap",
                        ]
                    ),
                    "cause_detail": "与相关人员核实，确认问题原因并记录",
                },
                (4, 60),
            )
        if ending == "rejected_once" and dept_supervisor:
            step(
                "propose",
                owner,
                {
                    "resolution_actions": "赠送小礼品致歉",
                    "compensation_kind": "gift",
                    "compensation_amount": "50",
                },
                (2, 30),
            )
            step(
                "reject",
                pick.choice(dept_supervisor),
                {"comment": "补偿不足以弥补客户损失，请重新提出"},
                (2, 30),
            )
        if reached >= 4 and dept_supervisor:
            kind = pick.choice(
                ["refund", "replacement", "repair", "voucher", "apology", "discount"]
            )
            amount = "0" if kind == "apology" else str(pick.choice([50, 100, 200, 300, 500, 800]))
            step(
                "propose",
                owner,
                {
                    "resolution_actions": "上门处理并补偿",
                    "compensation_kind": kind,
                    "compensation_amount": amount,
                },
                (2, 40),
            )
        if reached >= 5 and dept_supervisor:
            step("approve", pick.choice(dept_supervisor), {"comment": "同意"}, (1, 30))
        if reached >= 6 and dept_staff:
            step(
                "implement",
                pick.choice(dept_staff),
                {
                    "implementation": "已按方案处理完毕",
                    "implemented_on": (at + timedelta(days=1)).date().isoformat()
                    if at + timedelta(days=1) <= end
                    else at.date().isoformat(),
                },
                (24, 90),
            )
        if reached >= 7:
            step(
                "evaluate",
                owner,
                {
                    "evaluation": "客户接受处理结果",
                    "customer_opinion": pick.choice(
                        ["satisfied", "satisfied", "acceptable", "dissatisfied"]
                    ),
                    "lessons": "加强安装前检查",
                },
                (4, 48),
            )
        if reached >= 8:
            step("close", owner, {"comment": ""}, (2, 48))
        made += 1
    report.counts["complaints"] = made
    report.counts["escalations"] = complaint_escalate_overdue(now=end)


def _ending(roll: float) -> str:
    total = 0.0
    for ending, share in ENDINGS:
        total += share
        if roll < total:
            return ending
    return "closed"


def _people(role: str) -> dict[str, list[User]]:
    grouped: dict[str, list[User]] = {}
    for person in User.objects.filter(role=role, department__isnull=False).select_related(
        "department"
    ):
        grouped.setdefault(person.department.name, []).append(person)  # type: ignore[union-attr]
    return grouped

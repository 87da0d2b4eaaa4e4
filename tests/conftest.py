from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Department, Role, User
from core import events
from customers.models import Customer

from .factories import DepartmentFactory, RegionFactory, UserFactory, make_customer


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Tests read English text unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Iterator[None]:
    """What a process remembers for a few seconds (who listens to webhooks, which automatic
    surveys run) starts empty in every test, as after a restart."""
    from integrations.services import webhook_subscriptions_changed
    from surveys.selectors import automatic_surveys_changed

    webhook_subscriptions_changed()
    automatic_surveys_changed()
    yield
    webhook_subscriptions_changed()
    automatic_surveys_changed()


@pytest.fixture
def subscribe() -> Iterator[Callable[..., None]]:
    """Subscribe a handler to an event for one test: subscribe(events.ORDER_CREATED, "path")."""
    added: list[tuple[events.Event, str]] = []

    def add(event: events.Event, handler: str, **options: Any) -> None:
        events.subscribe(event, handler, **options)
        added.append((event, handler))

    yield add
    for event, handler in added:
        events.unsubscribe(event, handler)


@dataclass
class World:
    """Two departments and one user of every role, with a customer in each relation.

    East: manager (owns `own`), colleague (owns `same_department`), supervisor, staff.
    West: outsider (owns `other_department`), other_supervisor. admin: no department.
    """

    manager: User
    colleague: User
    outsider: User
    supervisor: User
    other_supervisor: User
    staff: User
    admin: User
    own: Customer
    same_department: Customer
    other_department: Customer

    def user(self, role: str) -> User:
        return getattr(self, role)

    def customer(self, relation: str) -> Customer:
        return getattr(self, relation)


@pytest.fixture
def world(db: None) -> World:
    east = DepartmentFactory.create(name="East sales")
    west = DepartmentFactory.create(name="West sales")
    region = RegionFactory.create(code="east", name_en="East China", name_zh="华东")
    manager = UserFactory.create(username="manager", role=Role.MANAGER, department=east)
    colleague = UserFactory.create(username="colleague", role=Role.MANAGER, department=east)
    outsider = UserFactory.create(username="outsider", role=Role.MANAGER, department=west)
    return World(
        manager=manager,
        colleague=colleague,
        outsider=outsider,
        supervisor=UserFactory.create(username="supervisor", role=Role.SUPERVISOR, department=east),
        other_supervisor=UserFactory.create(
            username="other_supervisor", role=Role.SUPERVISOR, department=west
        ),
        staff=UserFactory.create(username="staff", role=Role.STAFF, department=east),
        admin=UserFactory.create(username="admin", admin=True),
        own=make_customer(owner=manager, name="Own customer", region=region),
        same_department=make_customer(owner=colleague, name="Colleague's customer", region=region),
        other_department=make_customer(
            owner=outsider, name="Other department's customer", region=region
        ),
    )


@dataclass
class Service:
    """The department complaints are routed to, with its people."""

    department: Department
    staff: User
    supervisor: User
    second_supervisor: User
    other_staff: User  # staff of another department


@pytest.fixture
def service(world: World) -> Service:
    department = DepartmentFactory.create(name="Customer service")
    return Service(
        department=department,
        staff=UserFactory.create(username="svc_staff", role=Role.STAFF, department=department),
        supervisor=UserFactory.create(
            username="svc_boss", role=Role.SUPERVISOR, department=department
        ),
        second_supervisor=UserFactory.create(
            username="svc_boss2", role=Role.SUPERVISOR, department=department
        ),
        other_staff=world.staff,
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def page_as(world: World) -> Callable[[str], Client]:
    """A browser session logged in as one of the world's users: page_as("staff")."""

    def login(role: str) -> Client:
        client = Client()
        client.force_login(world.user(role))
        return client

    return login


@pytest.fixture
def api_as(world: World) -> Callable[[str], APIClient]:
    """An API client authenticated as one of the world's users: api_as("admin")."""

    def authenticate(role: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(world.user(role))
        return client

    return authenticate

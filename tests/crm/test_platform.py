"""Cross-cutting behaviour: OpenAPI schema and docs, money formatting, pages in both languages."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from core.formatting import money
from tests.factories import make_interaction, make_order

ROOT = Path(__file__).resolve().parents[2]

CDN_MARKERS = ("cdn.", "jsdelivr", "unpkg", "googleapis", "cloudflare")


def test_openapi_schema_describes_the_api(db):
    # when
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    # then
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/customers/",
        "/api/v1/customers/{id}/",
        "/api/v1/customers/{id}/lifecycle/",
        "/api/v1/orders/",
        "/api/v1/interactions/",
        "/api/v1/products/",
        "/api/v1/auth/token/",
    ):
        assert path in paths, path


def test_openapi_schema_is_served_as_yaml_by_default(db):
    # when
    response = Client().get("/api/schema/")

    # then
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_api_docs_render_from_local_assets_without_any_cdn(db):
    # when
    response = Client().get("/api/docs/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in html
    for marker in CDN_MARKERS:
        assert marker not in html, marker


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("1234567.891"), "¥1,234,567.89"),
        (Decimal("0"), "¥0.00"),
        (Decimal("1234.567"), "¥1,234.57"),
        (Decimal("999.995"), "¥1,000.00"),
        (Decimal("0.004"), "¥0.00"),
        (Decimal("-0.004"), "¥0.00"),
        (Decimal("-3"), "-¥3.00"),
        (Decimal("-1234.5"), "-¥1,234.50"),
        (12, "¥12.00"),
        (None, ""),
    ],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_money_is_yuan_grouped_by_thousands_with_two_decimals(value, expected, language):
    # when
    with translation.override(language):
        formatted = money(value)
        rendered = Template("{% load core_tags %}{{ value|money }}").render(
            Context({"value": value})
        )

    # then
    assert formatted == expected
    assert rendered == expected


@pytest.fixture
def busy_customer(world):
    """The manager's customer with an order and a contact, so pages show dates and money."""
    make_order(customer=world.own)
    make_interaction(customer=world.own)
    return world.own


PAGES = [
    "/customers/",
    "/customers/{own}/",
    "/customers/{own}/edit/",
    "/customers/new/",
    "/orders/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_pages_render_in_chinese(busy_customer, page_as, path, how):
    # given a manager who asks for Chinese
    client = page_as("manager")
    headers = {}
    if how == "cookie":
        client.cookies["django_language"] = "zh-hans"
    else:
        headers["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    # when
    response = client.get(path.format(own=busy_customer.pk), **headers)

    # then
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_english(busy_customer, page_as, path):
    # when
    response = page_as("manager").get(path.format(own=busy_customer.pk), HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_choosing_a_language_switches_the_interface(world, page_as):
    # given
    client = page_as("manager")

    # when
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/customers/"})
    page = client.get("/customers/")

    # then
    assert response.status_code == 302
    assert '<html lang="zh-hans"' in page.content.decode()


@pytest.mark.postgres
def test_the_application_connects_to_postgresql_without_jit(db):
    # when
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]

    # then compiling never costs a request more than the query it would speed up
    assert jit == "off"


def test_health_endpoint_reports_the_database_and_the_broker(db):
    # when (the suite runs against the real Redis)
    response = Client().get("/health/")

    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_endpoint_answers_503_when_the_broker_is_down(db, settings):
    # given a broker address nothing listens on
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    # when
    response = Client().get("/health/")

    # then
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_health_endpoint_without_a_broker_reports_eager_jobs(db, settings):
    settings.REDIS_URL = ""

    response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json()["broker"] == "eager"


@pytest.mark.parametrize("path", PAGES)
def test_pages_reference_no_external_assets(busy_customer, page_as, path):
    # when
    html = page_as("manager").get(path.format(own=busy_customer.pk)).content.decode()

    # then
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def _without_secret() -> dict[str, str]:
    """The production settings, with neither SECRET_KEY nor DEBUG."""
    kept = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return {**kept, "DJANGO_SETTINGS_MODULE": "crm.settings"}


def test_a_fresh_checkout_runs_makemigrations_without_a_secret_key():
    # given no SECRET_KEY and DEBUG off
    # when the migrations check runs
    answer = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=_without_secret(),
        capture_output=True,
        text=True,
        check=False,
    )

    # then it needs no key
    assert answer.returncode == 0, answer.stderr


def test_the_web_process_refuses_to_start_without_a_secret_key():
    answer = subprocess.run(
        [sys.executable, "-c", "import crm.wsgi"],
        cwd=ROOT,
        env=_without_secret(),
        capture_output=True,
        text=True,
        check=False,
    )

    assert answer.returncode != 0
    assert "The SECRET_KEY setting must not be empty." in answer.stderr

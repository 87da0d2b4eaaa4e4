"""The curl examples in docs/integration.md run against a live server and succeed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from integrations.services import api_client_issue, webhook_signature
from tests.factories import TEST_PASSWORD, ProductFactory

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "integration.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(), re.S)


def test_the_guide_has_examples():
    assert len(_blocks("sh")) >= 5


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
@pytest.mark.django_db(transaction=True)
def test_every_curl_example_succeeds(live_server, world, tmp_path):
    # given a system token, a product and a CSV to import
    _client, token = api_client_issue(
        actor=world.admin, name="Guide", acts_as=world.manager, scopes=["read", "write"]
    )
    product = ProductFactory.create()
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text("name,kind,region\nGuide Import Co,enterprise,east\n", encoding="utf-8")
    env = dict(
        os.environ,
        BASE=live_server.url,
        CRM_TOKEN=token,
        CRM_USER="manager",
        CRM_PASSWORD=TEST_PASSWORD,
        CUSTOMER_ID=str(world.own.pk),
        PRODUCT_ID=str(product.pk),
        CUSTOMERS_CSV=str(csv_file),
    )

    # when each example runs in a shell, then it answers 2xx with JSON
    for block in _blocks("sh"):
        command = block.strip().replace("curl -s ", "curl -s -w '\\n%{http_code}' ", 1)
        result = subprocess.run(  # noqa: S602 (the guide's own shell examples)
            command, shell=True, env=env, capture_output=True, text=True, timeout=30, check=False
        )
        body, _sep, status = result.stdout.rpartition("\n")
        assert status.startswith("2"), (block, status, body)
        json.loads(body)


def test_the_signature_recipe_matches_what_the_crm_sends():
    # given the guide's verification function
    namespace: dict[str, object] = {}
    exec(_blocks("python")[0], namespace)  # noqa: S102 (the guide's own snippet)
    is_genuine = namespace["is_genuine"]
    body = b'{"event": "order.created"}'

    # then it accepts the CRM's signature and rejects a forged one
    signature = webhook_signature("s3cret", "1700000000", body)
    assert is_genuine("s3cret", "1700000000", body, signature)  # type: ignore[operator]
    forged = "sha256=" + hmac.new(b"other", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert not is_genuine("s3cret", "1700000000", body, forged)  # type: ignore[operator]

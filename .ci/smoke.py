"""The no-services path: demo data on SQLite, eager jobs, a real server, a few pages fetched."""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = os.environ.get("CI_SMOKE_PORT", "8765")
BASE = f"http://127.0.0.1:{PORT}"


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="crm-smoke-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DEBUG="1", DATABASE_URL=f"sqlite:///{workdir / 'demo.sqlite3'}", PYTHONUNBUFFERED="1"
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo"], env=env, check=True)
    print(f"demo data loaded in {time.perf_counter() - started:.1f}s")
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"], env=env)
    try:
        fetch_pages()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def fetch_pages() -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for _ in range(60):
        try:
            opener.open(f"{BASE}/accounts/login/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    login = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode(
        {"username": "zhang.wei", "password": "demo1234", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/", data=form, headers={"Referer": f"{BASE}/accounts/login/"}
    )
    page = opener.open(request)
    assert page.geturl() == f"{BASE}/", page.geturl()
    assert 'class="dashboard dashboard-manager"' in page.read().decode(), "no manager dashboard"
    listing = opener.open(f"{BASE}/customers/").read().decode()
    first = re.search(r'href="(/customers/\d+/)"', listing)
    assert first, "the customer list shows no customers"
    checks = [
        ("/", "home dashboard"),
        ("/customers/", "customer list"),
        (first.group(1), "customer 360"),
        ("/orders/", "order list"),
        ("/api/v1/customers/", "customer API"),
        ("/static/css/app.css", "stylesheet"),
        ("/api/schema/", "OpenAPI schema"),
    ]
    for path, label in checks:
        response = opener.open(f"{BASE}{path}")
        assert response.status == 200, (path, response.status)
        print(f"ok  {label:16} {path}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as exc:
        print(f"smoke test failed: {exc}", file=sys.stderr)
        sys.exit(1)

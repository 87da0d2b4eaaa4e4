"""Every page in the navigation, for every role, on the installation as deployed: each answers
2xx (after redirects), every static file a page names is served (hashed names from the release's
manifest, and whatever those stylesheets name in turn), and every link on those pages leads
somewhere that answers. Links of the same shape (/customers/<id>/ …) are followed a few times,
not for every row of a list."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import requests

from demo import vocabulary

from .conftest import BACKEND_URL, BASE_URL, deployed

pytestmark = deployed

ROLES = {
    "admin": "admin",
    "supervisor": "zhou.min",
    "account manager": "zhang.wei",
    "department staff": "he.jun",
}
SAME_SHAPE = 2  # links followed per shape of address
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class Page(HTMLParser):
    """The links, the navigation links and the files a page names."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.assets: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "nav":
            self._nav_depth += 1
        if tag == "a" and values.get("href"):
            (self.nav if self._nav_depth else self.links).append(values["href"])
        elif tag == "link" and values.get("href"):
            self.assets.append(values["href"])
        elif tag in ("script", "img") and values.get("src"):
            self.assets.append(values["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(part.split("=")[0] for part in parts.query.split("&") if part)
    return re.sub(r"\d+", "<n>", parts.path) + "?" + "&".join(keys)


def _log_in(username: str) -> requests.Session:
    session = requests.Session()
    login = f"{BASE_URL}/accounts/login/"
    form = session.get(login, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    answer = session.post(
        login,
        data={
            "username": username,
            "password": vocabulary.DEMO_PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
        },
        headers={"Referer": login},  # HTTPS: Django's CSRF check wants the referring page
        timeout=30,
    )
    assert answer.url == f"{BASE_URL}/", (answer.status_code, answer.url)
    return session


class Crawl:
    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.problems: list[str] = []
        self.fetched: dict[str, int] = {}
        self.shapes: dict[str, int] = {}

    def get(self, url: str, referrer: str) -> requests.Response | None:
        if url in self.fetched:
            return None
        answer = self.session.get(url, timeout=60)
        self.fetched[url] = answer.status_code
        final = urlsplit(answer.url)
        if not 200 <= answer.status_code < 300:
            self.problems.append(f"{answer.status_code} {url} (linked from {referrer})")
        elif f"{final.scheme}://{final.netloc}" != BASE_URL or final.path == "/accounts/login/":
            self.problems.append(f"{url} ends at {answer.url} (linked from {referrer})")
        return answer

    def page(self, url: str, referrer: str) -> Page | None:
        answer = self.get(url, referrer)
        if answer is None or "text/html" not in answer.headers.get("Content-Type", ""):
            return None
        page = Page()
        page.feed(answer.text)
        for asset in page.assets:
            self.asset(urljoin(url, asset), url)
        return page

    def asset(self, url: str, referrer: str) -> None:
        if not url.startswith(f"{BASE_URL}/static/"):
            if url.startswith(BASE_URL):
                return  # a page-relative <link> such as a feed; pages are crawled as links
            self.problems.append(f"external file {url} on {referrer}")
            return
        answer = self.get(url, referrer)
        if answer is not None and url.endswith(".css"):
            for target in CSS_URL.findall(answer.text):
                if not target.startswith("data:"):
                    self.asset(urljoin(url, target), url)

    def followable(self, href: str, on: str) -> Iterator[str]:
        url = urldefrag(urljoin(on, href))[0]
        if not url.startswith(f"{BASE_URL}/") or url in self.fetched:
            return
        if urlsplit(url).path in ("/accounts/logout/",):
            return
        shape = _shape(url)
        self.shapes[shape] = self.shapes.get(shape, 0) + 1
        if self.shapes[shape] <= SAME_SHAPE:
            yield url


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_in_the_navigation_answers_with_its_files_and_links(role):
    # given the role's user, logged in through the page
    crawl = Crawl(_log_in(ROLES[role]))

    # when every navigation page is fetched, then every link on those pages
    home = crawl.page(f"{BASE_URL}/", "login")
    assert home is not None
    assert home.nav, "the home page has no navigation"
    nav = [url for href in home.nav for url in crawl.followable(href, f"{BASE_URL}/")]
    pages = {url: crawl.page(url, "the navigation") for url in nav}
    for url, page in pages.items():
        for href in page.links + page.nav if page else []:
            for link in crawl.followable(href, url):
                crawl.page(link, url)

    # then nothing was missing, refused or broken
    assert len(nav) >= 5, nav
    assert crawl.problems == []


def test_the_health_check_answers_plain_http_on_the_web_tier():
    if not BACKEND_URL:
        pytest.skip("needs CRM_BACKEND_URL, the web tier's own plain-HTTP address")

    health = requests.get(f"{BACKEND_URL}/health/", timeout=30, allow_redirects=False)
    login = requests.get(f"{BACKEND_URL}/accounts/login/", timeout=30, allow_redirects=False)

    assert (health.status_code, health.json()["status"]) == (200, "ok")
    assert health.json()["broker"] == "ok"
    assert login.status_code == 301
    assert login.headers["Location"].startswith("https://")


def test_static_files_are_served_under_hashed_names_with_far_future_caching():
    session = _log_in(ROLES["account manager"])
    page = Page()
    page.feed(session.get(f"{BASE_URL}/", timeout=30).text)
    stylesheet = next(a for a in page.assets if a.endswith(".css"))

    answer = session.get(urljoin(BASE_URL, stylesheet), timeout=30)

    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    assert answer.status_code == 200
    assert "max-age=315360000" in answer.headers["Cache-Control"]

"""Static files as released: `collectstatic` with the production storage (hashed names, a
manifest, compressed copies) succeeds, and every file a template names is in the manifest. A
missing file referenced from CSS or JS (a source map, an image) fails the release itself; one named
by a template would make every page that uses it answer 500 in production."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

from django.conf import settings as django_settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _template_files() -> list[Path]:
    folders = [Path(d) for t in django_settings.TEMPLATES for d in cast(list[str], t["DIRS"])]
    folders += [p for p in ROOT.glob("*/templates") if p.is_dir()]
    return [f for folder in folders for f in folder.rglob("*.html")]


def test_the_release_collects_every_static_file_with_hashed_names(settings, tmp_path):
    # given the production storage (DEBUG off)
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}

    # when the release step collects the files (it post-processes every CSS and JS reference)
    call_command("collectstatic", "--noinput", verbosity=0)

    # then every file a template names is in the manifest, hashed and compressed
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    named = {m for f in _template_files() for m in STATIC_TAG.findall(f.read_text())}
    assert "css/app.css" in named
    assert sorted(named - manifest.keys()) == []
    for name in named:
        assert (tmp_path / manifest[name]).exists()
        assert (tmp_path / f"{manifest[name]}.gz").exists()


def test_vendored_files_name_no_file_that_is_not_shipped():
    # e.g. a minified library whose last line points at a source map left out of the copy
    reference = re.compile(rb"[#@]\s*sourceMappingURL=([^\s*]+)")
    missing = [
        f"{path.relative_to(ROOT)} -> {target.decode()}"
        for path in (ROOT / "static").rglob("*")
        if path.suffix in {".js", ".css"}
        for target in reference.findall(path.read_bytes())
        if not target.startswith(b"data:") and not (path.parent / target.decode()).exists()
    ]

    assert missing == []

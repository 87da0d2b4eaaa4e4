"""Both languages ship complete: every marked string has a Chinese translation, compiled."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
ZH_PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def test_chinese_catalog_is_complete_and_not_fuzzy():
    catalog = polib.pofile(str(ZH_PO))

    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert not catalog.metadata_is_fuzzy


def test_translations_keep_every_placeholder():
    for entry in polib.pofile(str(ZH_PO)):
        translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        source = entry.msgid_plural or entry.msgid
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), (
            entry.msgid
        )


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_catalog_matches_the_source(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    source = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(folder / "django.po"))
        if not e.msgid_plural
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.mofile(str(folder / "django.mo"))
        if not e.msgid_plural
    }

    assert {k: v for k, v in source.items() if v} == {
        k: v for k, v in compiled.items() if v and k[1]
    }


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (installed by .ci/run)"
)
def test_every_marked_string_is_in_the_catalog(tmp_path):
    # given a copy of the project, so makemessages can rewrite its catalog freely
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "artifacts",
            "staticfiles",
            "*.sqlite3",
            "__pycache__",
            "tests",
            "bench",
        ),
    )

    # when the strings are extracted again
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"},
    )

    # then nothing new is untranslated
    catalog = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []

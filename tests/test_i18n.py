"""The message catalogs: current with the code, complete, faithful to every fact, compiled.

A sentence a reader sees is English in the code and a message id in the catalogs
(`i18n.py`); `scripts/catalogs` extracts, updates and compiles them with Babel. These tests
fail when the code says something the template does not hold yet, when a catalog misses a
translation (it would fall back to English), loses or invents a `{fact}`, or was not compiled.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel < 2.15 names it parse_mapping
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg  # type: ignore[no-redef]
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from nosurprises import i18n

from .conftest import ROOT

LOCALE = ROOT / "src" / "nosurprises" / "locale"
POT = LOCALE / "nosurprises.pot"
TRANSLATED = [lang for lang in i18n.LOCALES if lang != "en"]
FIELD = re.compile(r"\{(\w*)\}")
PERCENT = re.compile(r"%\((\w+)\)s")


def _catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "nosurprises.po"


def _key(message) -> tuple[str | None, str]:
    mid = message.id[0] if isinstance(message.id, list | tuple) else message.id
    return message.context, mid


def test_the_template_holds_every_text_the_code_says() -> None:
    """Babel extracts from the code what `scripts/catalogs` would write: nothing new is
    missing from the committed template, and nothing the code no longer says is left in it."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {(ctx, msg[0] if isinstance(msg, tuple) else msg)
             for _file, _line, msg, _comments, ctx in extract_from_dir(
                 ROOT, method_map, options_map, comment_tags=("TRANSLATORS:",))}
    held = {_key(m) for m in _catalog(POT) if m.id}
    assert not found - held, f"run scripts/catalogs: new texts {sorted(found - held)[:5]}"
    assert not held - found, f"run scripts/catalogs: texts gone {sorted(held - found)[:5]}"


def test_the_template_holds_every_rule_text() -> None:
    from nosurprises.catalog_messages import FIELDS
    from nosurprises.rules import CATALOG

    held = {_key(m) for m in _catalog(POT) if m.id}
    for rule in CATALOG.values():
        for name in FIELDS:
            if getattr(rule, name):
                assert (rule.id, getattr(rule, name)) in held, (rule.id, name)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_holds_the_templates_texts(lang: str) -> None:
    """`scripts/catalogs` updated the catalog from the template: no text of the template is
    missing from it (a missing one could never be translated)."""
    held = {_key(m) for m in _catalog(_po(lang)) if m.id}
    wanted = {_key(m) for m in _catalog(POT) if m.id}
    assert not wanted - held, f"run scripts/catalogs: {lang} lacks {sorted(wanted - held)[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_is_complete(lang: str) -> None:
    """Every text has a translation, every plural form is filled, none is left fuzzy: a
    missing one reads in English (the fallback), so this test is what reports it."""
    catalog = _catalog(_po(lang))
    missing = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings) or len(strings) != (catalog.num_plurals if m.pluralizable else 1):
            missing.append((m.context, _key(m)[1]))
    assert not missing, f"{lang}: {len(missing)} texts untranslated or fuzzy, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_fact_and_name(lang: str) -> None:
    """A translation says the same facts: the same `{fields}` (a lost one drops a fact, an
    invented one prints `?`), the same `%(names)s` of a template, and whole `code` spans."""
    wrong = []
    for m in _catalog(_po(lang)):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want_fields = {f for i in ids for f in FIELD.findall(i)}
        want_names = {f for i in ids for f in PERCENT.findall(i)}
        for s in strings:
            if not s:
                continue
            same = set(FIELD.findall(s)) == want_fields and set(PERCENT.findall(s)) == want_names
            if not same or s.count("`") % 2:
                wrong.append((m.context, ids[0], s))
    assert not wrong, f"{lang}: {len(wrong)} translations change the facts, e.g. {wrong[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalog_is_the_catalog(lang: str) -> None:
    """The `.mo` shipped in the wheel is the `.po` compiled: `scripts/catalogs` was run."""
    po = _catalog(_po(lang))
    compiled = io.BytesIO()
    write_mo(compiled, po)
    mo_path = _po(lang).with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} missing: run scripts/catalogs"
    with mo_path.open("rb") as f:
        shipped = read_mo(f)
    compiled.seek(0)
    fresh = read_mo(compiled)

    def strings(catalog) -> set:
        return {(_key(m), tuple(m.string) if isinstance(m.string, list | tuple) else m.string)
                for m in catalog if m.id}

    assert strings(shipped) == strings(fresh)


def test_a_missing_translation_falls_back_to_english(tmp_path: Path, monkeypatch) -> None:
    """A catalog without a text gives the English text, never an empty or broken sentence."""
    monkeypatch.setattr(i18n, "CATALOGS", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert i18n.pgettext("api.operation.removed", "We will remove {operation}.", "de") == \
            "We will remove {operation}."
        assert i18n.ngettext("one change", "{n} changes", 3, "ja") == "{n} changes"
    finally:
        i18n.translations.cache_clear()


def test_a_regional_locale_reads_its_languages_catalog() -> None:
    """`de_AT` has no catalog of its own: it reads German; `pt-BR` is `pt_BR`."""
    assert i18n.check_locale("pt-BR") == "pt_BR"
    assert i18n.translations("de_AT") is not None


def test_an_unknown_locale_is_one_clear_error() -> None:
    from nosurprises.errors import InputError

    with pytest.raises(InputError, match="not a locale Babel knows"):
        i18n.check_locale("xx_NOPE")


@pytest.mark.skipif(shutil.which("bash") is None, reason="scripts/catalogs is a bash script")
def test_the_catalog_script_runs_babel(tmp_path: Path) -> None:
    """`scripts/catalogs extract` writes the template the committed one is (Babel, not a copy)."""
    work = tmp_path / "repo"
    shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "babel.cfg", work)
    (work / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "catalogs", work / "scripts")
    env = {"PYTHON": sys.executable, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(work / "src")}
    subprocess.run(["bash", str(work / "scripts" / "catalogs"), "extract"], check=True, env=env,
                   cwd=work, timeout=300, capture_output=True)
    written = {_key(m) for m in _catalog(work / "src" / "nosurprises" / "locale" / "nosurprises.pot") if m.id}
    assert written == {_key(m) for m in _catalog(POT) if m.id}

"""Start-up imports only what the command needs (issue 13): whole processes, as users run them.

What each run must not import is checked in a fresh interpreter, since the test process has
long imported everything. Lists of modules rather than times: times are for benchmarks/.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import nosurprises

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
HEAVY = ("pydantic", "babel", "jinja2", "icalendar", "yaml", "re2", "openapi_spec_validator")
FOR_NOTICES = ("babel", "jinja2", "icalendar", "nosurprises.pricing.model", "duckdb",
               "nosurprises.notices.model", "nosurprises.policy.gate")


def _imported(code: str, *argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (argv as sys.argv[1:])."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "modules.json"
        probe = (f"import sys\nsys.argv[1:] = {list(argv)!r}\ntry:\n    {code}\n"
                 "except SystemExit:\n    pass\n"
                 f"open({str(out)!r}, 'w').write(__import__('json').dumps(sorted(sys.modules)))\n")
        subprocess.run([sys.executable, "-c", probe], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return set(json.loads(out.read_text()))


def _cli(*argv: str) -> set[str]:
    return _imported("__import__('nosurprises.cli').cli.main()", *argv)


def test_import_nosurprises_loads_no_dependency() -> None:
    loaded = _imported("import nosurprises")
    assert "nosurprises" in loaded
    assert not [m for m in HEAVY if m in loaded]


def test_help_and_version_load_no_dependency() -> None:
    for argv in (["--help"], ["diff", "--help"], ["--version"], ["notice", "--help"]):
        loaded = _cli(*argv)
        assert "nosurprises.cli" in loaded
        assert not [m for m in HEAVY if m in loaded], argv


def test_an_openapi_diff_loads_no_notice_machinery() -> None:
    loaded = _cli("diff", str(EXAMPLES / "petstore-old.yaml"), str(EXAMPLES / "petstore-new.yaml"),
                  "--format", "json")
    assert "nosurprises.openapi.compare" in loaded  # it did compare
    assert not [m for m in FOR_NOTICES if m in loaded]
    assert "nosurprises.terms.compare" not in loaded


def test_a_json_diff_loads_only_what_json_needs(tmp_path: Path) -> None:
    """PyYAML, RE2, the request-log targeting and the text renderer are each a few
    milliseconds of start-up: a JSON document compared into JSON needs none of them, and
    asking for what does (a path pattern, the text format) loads it."""
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                               "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}))
    new.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}))
    loaded = _cli("diff", str(old), str(new), "--format", "json")
    assert "nosurprises.openapi.compare" in loaded  # it did compare
    lazy = ("yaml", "re2", "nosurprises.targeting.report", "nosurprises.formats.text",
            "nosurprises.rules")
    assert not [m for m in lazy if m in loaded]
    asked = _cli("diff", str(old), str(new), "--match-path", "^/a", "--format", "text")
    assert {"re2", "nosurprises.formats.text"} <= asked


def test_another_language_loads_babel_when_asked() -> None:
    loaded = _cli("diff", str(EXAMPLES / "petstore-old.yaml"), str(EXAMPLES / "petstore-new.yaml"),
                  "--lang", "de")
    assert "babel" in loaded


@pytest.mark.parametrize("name", nosurprises.__all__)
def test_every_public_name_resolves_to_its_module_attribute(name: str) -> None:
    """The lazy package hands out the same objects the modules define, and keeps them."""
    value = getattr(nosurprises, name)
    module, _, attr = nosurprises._WHERE[name].partition(":") if name in nosurprises._WHERE else ("", "", "")
    if module:
        assert value is getattr(__import__(f"nosurprises{module}", fromlist=[attr]), attr)
    assert getattr(nosurprises, name) is value
    assert name in dir(nosurprises)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        nosurprises.nothing_here  # noqa: B018


def test_select_is_the_function_even_after_its_module_is_imported() -> None:
    """`nosurprises.select` names a function and no module: importing the module that
    defines it must not shadow it (the module is `selection`)."""
    import nosurprises.selection

    assert callable(nosurprises.select) and nosurprises.select is nosurprises.selection.select


def test_the_command_makes_no_full_collection_while_it_builds(tmp_path: Path) -> None:
    """A price book of 3,000 plans builds about a million objects that live until the end;
    the command (`cli.run`) lets Python collect young garbage as usual but starts no full
    collection, which walks every live object (half of a 10,000-plan diff's time)."""
    plans = [{"id": f"p{i}", "name": f"Plan {i}", "price": {"amount": f"{i}.00", "currency": "USD",
              "interval": "month"}, "limits": [{"id": "calls", "value": 1000 + i, "unit": "request"}]}
             for i in range(3000)]
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"kind": "pricing", "plans": plans}))
    plans[7]["price"]["amount"] = "99.00"
    new.write_text(json.dumps({"kind": "pricing", "plans": plans}))
    probe = ("import gc, os, sys\n"
             "full = []\n"
             "gc.callbacks.append(lambda phase, info: phase == 'start' and info['generation'] == 2"
             " and full.append(1))\n"
             "exit_ = os._exit\n"
             "os._exit = lambda code: (print('full', len(full), 'young', gc.get_stats()[0]['collections'],"
             " file=sys.stderr), exit_(code))\n"
             f"sys.argv[1:] = ['diff', {str(old)!r}, {str(new)!r}, '--format', 'json']\n"
             "from nosurprises import cli\ncli.run()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["breaking"] == 1
    words = done.stderr.split()
    assert words[:2] == ["full", "0"], done.stderr
    assert int(words[3]) > 100, done.stderr  # young objects are still collected

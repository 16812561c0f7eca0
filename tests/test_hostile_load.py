"""Hostile input at the loading layer: each ends in one clear `InputError` naming the file.

These hold with every release of PyYAML/libyaml and orjson the project allows: new libyaml
refuses nesting past 1,000 levels itself, orjson words its nesting error differently across
releases, and old orjson has no nesting limit at all (it crashes on 100k levels).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nosurprises
from nosurprises.errors import InputError
from nosurprises.load import load_document, source
from nosurprises.load.source import JSON_MAX_DEPTH, MAX_DEPTH

from .conftest import ROOT

PETSTORE = ROOT / "examples" / "petstore-old.yaml"


def _load_error(tmp_path: Path, content: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        nosurprises.compare_openapi(path, PETSTORE)
    text = str(info.value)
    assert str(path) in text and "\n" not in text
    return text


@pytest.fixture(params=["orjson", "stdlib"])
def json_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with orjson and with the stdlib fallback used where orjson has no depth limit."""
    if request.param == "stdlib":
        monkeypatch.setattr(source, "_ORJSON_BOUNDS_DEPTH", False)
    elif not source._ORJSON_BOUNDS_DEPTH:
        pytest.skip("this orjson has no nesting limit; the stdlib parser is used instead")
    return request.param


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
def test_deep_flow_yaml_is_told_as_yaml_with_its_limit(tmp_path: Path, json_parser: str,
                                                      depth: int) -> None:
    text = _load_error(tmp_path, b"[" * depth + b"]" * depth, "spec.yaml")
    assert f"nested more than {MAX_DEPTH} levels deep" in text
    assert "JSON" not in text


def test_deep_block_yaml_states_the_limit(tmp_path: Path) -> None:
    depth = 1_200  # past libyaml 0.2.6's own limit of 1,000 block levels
    doc = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "x: 1\n"
    text = _load_error(tmp_path, doc.encode(), "spec.yml")
    assert f"nested more than {MAX_DEPTH} levels deep" in text


def test_yaml_just_past_our_limit(tmp_path: Path) -> None:
    doc = "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert f"more than {MAX_DEPTH} levels" in _load_error(tmp_path, doc.encode(), "spec.yaml")


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_deep_json_states_the_json_limit(tmp_path: Path, json_parser: str, depth: int,
                                         opener: bytes) -> None:
    closer = b"]" if opener == b"[" else b"}"
    text = _load_error(tmp_path, opener * depth + b"1" + closer * depth, "spec.json")
    assert f"nested more than {JSON_MAX_DEPTH:,} levels deep" in text


def test_json_within_its_limit_loads(json_parser: str) -> None:
    depth = JSON_MAX_DEPTH - 1
    doc = load_document(b'{"x": ' + b"[" * depth + b"]" * depth + b"}")
    value, levels = doc.data["x"], 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == depth


def test_broken_json_named_yaml_gets_the_yaml_error(tmp_path: Path) -> None:
    text = _load_error(tmp_path, b'{"openapi": "3.0.0", "paths": {', "spec.yaml")
    assert "not valid YAML" in text and "JSON" not in text


def test_broken_json_named_json_gets_the_json_error(tmp_path: Path, json_parser: str) -> None:
    assert "not valid JSON" in _load_error(tmp_path, b'{"openapi": "3.0.0", "paths": {', "s.json")


def _outcome(raw: bytes) -> object:
    try:
        return load_document(raw, label="x.json").data
    except InputError as exc:
        return str(exc)


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b'{"a": -Infinity}', b'{"a": 1e400}',
                                 b'{"a": "\xff"}', b'{"a": [1, 2.5, "x", null, true]}',
                                 b'[{"a": {}}, []]', b'{"a": 1,}', b"[1e-400, -0.0]"])
def test_stdlib_fallback_reads_as_orjson_does(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    if not source._ORJSON_BOUNDS_DEPTH:
        pytest.skip("this orjson is not used: the stdlib parser is")
    expected = _outcome(raw)
    monkeypatch.setattr(source, "_ORJSON_BOUNDS_DEPTH", False)
    assert _outcome(raw) == expected


# --- integers: exact in both syntaxes, bounded in length, writable as JSON --------------------

def _spec(enum: list[object]) -> dict[str, object]:
    schema = {"type": "integer", "enum": enum}  # two copies: YAML would write one as an alias
    return {"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": schema}],
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {**schema, "enum": list(enum)}}}}}}}}}


def _findings(old: object, new: object, tmp_path: Path, syntax: str) -> list[tuple[str, str]]:
    import json as stdjson

    import yaml

    paths = []
    for name, data in (("old", old), ("new", new)):
        path = tmp_path / f"{name}.{syntax}"
        text = stdjson.dumps(data) if syntax == "json" else yaml.safe_dump(data)
        path.write_text(text)
        paths.append(path)
    report = nosurprises.compare_openapi(*paths)
    return [(c.rule, c.location, c.message.replace(f".{syntax}", "")) for c in report.changes]


@pytest.mark.parametrize("big", [2**64, -(2**63) - 1], ids=["past-u64", "below-i64"])
def test_integer_past_64_bits_is_exact_in_json(tmp_path: Path, json_parser: str, big: int) -> None:
    """orjson rounds both: 2**64 has 20 digits, -2**63 - 1 only 19 after its sign (found by the
    property test below)."""
    old, new = _spec([big, 1]), _spec([big + 1 if big > 0 else big - 1, 1])
    found = _findings(old, new, tmp_path, "json")
    assert any("enum-value-removed" in rule for rule, _, _ in found)
    assert any(str(big) in message for _, _, message in found)
    assert found == _findings(old, new, tmp_path, "yaml")


def test_same_document_same_findings_in_json_and_yaml(tmp_path_factory: pytest.TempPathFactory
                                                      ) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    ints = st.one_of(st.integers(), st.integers(min_value=2**62, max_value=2**66),
                     st.integers(max_value=-(2**62), min_value=-(2**66)))
    values = st.lists(ints, min_size=1, max_size=4, unique=True)

    @settings(max_examples=40, deadline=None, database=None)
    @given(values, values)
    def check(old: list[int], new: list[int]) -> None:
        folder = tmp_path_factory.mktemp("pair")
        assert (_findings(_spec(old), _spec(new), folder, "json")
                == _findings(_spec(old), _spec(new), folder, "yaml"))

    check()


@pytest.mark.parametrize(("name", "text"), [
    ("long.yaml", "openapi: 3.0.0\nx: " + "9" * (4_300 + 1) + "\n"),
    ("long.json", '{"openapi": "3.0.0", "x": -' + "9" * (4_300 + 1) + "}"),
    ("hex.yaml", "openapi: 3.0.0\nx: 0x" + "f" * 4_000 + "\n"),  # hex escapes Python's limit
])
def test_integer_literal_past_the_digit_limit(tmp_path: Path, name: str, text: str) -> None:
    from nosurprises.load.source import MAX_INT_DIGITS

    assert f"integer of more than {MAX_INT_DIGITS:,} digits" in _load_error(
        tmp_path, text.encode(), name)


def test_integer_at_the_digit_limit_loads() -> None:
    assert load_document("x: " + "9" * 4_300).data["x"] == 10**4_300 - 1


def test_integers_past_64_bits_are_written_as_json() -> None:
    import json as stdjson

    from nosurprises.formats.json import render_json
    from nosurprises.model import Change, Report

    change = Change(rule="api.schema.request.default-changed", level="warning", subject="api",
                    location="/", message="m", before=[2**64, {"a": -(2**70)}], after=2**64 - 1)
    data = stdjson.loads(render_json(Report.from_changes([change])))["changes"][0]
    assert data["before"] == [str(2**64), {"a": str(-(2**70))}]
    assert data["after"] == 2**64 - 1


def test_integer_past_64_bits_in_every_json_output(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.cli import main

    head = ("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
            "      parameters:\n        - {name: n, in: query, schema: {type: integer, default: ")
    tail = "}}\n      responses: {'200': {description: ok}}\n"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(head + "18446744073709551617" + tail)
    new.write_text(head + "18446744073709551616" + tail)
    for args in (["diff", "-f", "json"], ["check", "-f", "json"]):
        capsys.readouterr()
        assert main([*args, str(old), str(new)]) in (0, 1), args
        assert "18446744073709551616" in capsys.readouterr().out, args
    assert main(["notice", "--announce", "2027-01-04", "--channel", "json", "--product", "P",
                 "--level", "info", "--out", str(tmp_path / "out"), str(old), str(new)]) == 0
    assert "18446744073709551616" in (tmp_path / "out" / "notice.json").read_text()
    # A price book holds counts to 10^18 - 1 (orjson's reach): past that, one clear line.
    book = ("plans:\n  - id: p\n    name: P\n    price: {amount: '1.00', currency: USD, "
            "interval: month}\n    limits: [{id: l, name: L, value: 18446744073709551617, "
            "unit: request, period: minute}]\n")
    (tmp_path / "book.yaml").write_text(book)
    assert main(["diff", "-f", "json", str(tmp_path / "book.yaml"), str(tmp_path / "book.yaml")]) == 2
    assert "less than or equal to 999999999999999999" in capsys.readouterr().err


def test_empty_response_status_key(tmp_path: Path) -> None:
    head = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(head + "        '': {description: odd}\n")
    new.write_text(head + "        '200': {description: ok}\n")
    report = nosurprises.compare_openapi(old, new)
    assert {c.rule for c in report.changes} >= {"api.response.error-status-removed"}


# --- $ref: odd names, files that are not files, long chains ------------------------------------

_REF_HEAD = ("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
             "      responses:\n        '200':\n          description: ok\n          content:\n"
             "            application/json:\n              schema: {$ref: '%s'}\n")


def test_ref_with_an_encoded_nul_byte(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_REF_HEAD % "a%00b.yaml")
    with pytest.raises(InputError, match="NUL byte") as info:
        nosurprises.compare_openapi(spec, spec)
    assert str(spec) in str(info.value)


def test_ref_to_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pipe.yaml")
    spec = tmp_path / "spec.yaml"
    spec.write_text(_REF_HEAD % "pipe.yaml")
    # A subprocess with a timeout: opening a FIFO nobody writes to blocks forever.
    run = subprocess.run([sys.executable, "-m", "nosurprises", "diff", str(spec), str(spec)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "pipe.yaml" in run.stderr and "not a regular file" in run.stderr
    assert "internal error" not in run.stderr


def test_ref_to_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    spec = tmp_path / "spec.yaml"
    spec.write_text(_REF_HEAD % "dir.yaml")
    with pytest.raises(InputError, match="not a regular file"):
        nosurprises.compare_openapi(spec, spec)


def _chain(hops: int, leaf_type: str) -> str:
    from nosurprises.load.refs import MAX_REF_HOPS

    assert hops <= MAX_REF_HOPS
    lines = ["components:", "  schemas:"]
    lines += [f"    S{i}: {{$ref: '#/components/schemas/S{i + 1}'}}" for i in range(hops)]
    lines.append(f"    S{hops}: {{type: {leaf_type}}}")
    return _REF_HEAD % "#/components/schemas/S0" + "\n".join(lines) + "\n"


def test_a_long_ref_chain_is_followed_not_called_a_cycle(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_chain(65, "string"))
    new.write_text(_chain(65, "integer"))
    report = nosurprises.compare_openapi(old, new)
    assert [c.rule for c in report.changes] == ["api.schema.response.type-changed"]
    assert not any("cycle" in w for w in report.warnings)


def test_a_chain_past_the_hop_limit_says_so(tmp_path: Path) -> None:
    from nosurprises.load.refs import MAX_REF_HOPS

    doc = _chain(MAX_REF_HOPS, "string").replace(
        "S0: {$ref", "T: {$ref: '#/components/schemas/S0'}\n    S0: {$ref").replace(
        "schema: {$ref: '#/components/schemas/S0'}", "schema: {$ref: '#/components/schemas/T'}")
    spec = tmp_path / "spec.yaml"
    spec.write_text(doc)
    other = tmp_path / "other.yaml"
    other.write_text(doc.replace("type: string", "type: integer"))
    report = nosurprises.compare_openapi(spec, other)
    assert any(f"longer than {MAX_REF_HOPS:,} hops" in w for w in report.warnings)
    assert not any("cycle" in w for w in report.warnings)


# --- --validate keeps the no-network and no-escape promises ------------------------------------

_SECRET = "ghp_SECRET_must_never_be_printed_0123456789"


@pytest.fixture
def http_server():
    """A real server on 127.0.0.1 that records every request it gets (there must be none)."""
    import http.server
    import threading

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            body = b'{"type": "object", "properties": {"x": {"type": "string"}}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _validate_cli(tmp_path: Path, ref: str) -> tuple[int, str]:
    import contextlib
    import io

    from nosurprises.cli import main

    tree = tmp_path / "tree"
    tree.mkdir(exist_ok=True)
    spec = tree / "spec.yaml"
    spec.write_text(_REF_HEAD % ref)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", str(spec), str(spec), "--validate", "-f", "json"])
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("where", ["/schema.json", "/schema.json#/properties/x"])
def test_validate_fetches_no_remote_ref(tmp_path: Path, http_server, where: str) -> None:
    base, seen = http_server
    code, output = _validate_cli(tmp_path, base + where)
    assert seen == [], "the validator must not fetch anything"
    assert code == 2 and "not fetched" in output and "internal error" not in output


@pytest.mark.parametrize("how", ["relative", "absolute", "file-uri"])
def test_validate_reads_no_file_outside_the_tree(tmp_path: Path, how: str) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"{_SECRET}\n")
    ref = {"relative": "../secret.yaml", "absolute": str(secret),
           "file-uri": secret.as_uri()}[how]
    code, output = _validate_cli(tmp_path, ref)
    assert _SECRET not in output
    assert code == 2 and "refused" in output and "internal error" not in output


def test_validate_follows_refs_inside_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "schemas").mkdir(parents=True)
    (tree / "schemas" / "pet.yaml").write_text("type: object\nproperties:\n  id: {type: integer}\n")
    code, output = _validate_cli(tmp_path, "schemas/pet.yaml")
    assert code == 0, output
    (tree / "schemas" / "pet.yaml").write_text("type: 12\n")
    code, output = _validate_cli(tmp_path, "schemas/pet.yaml")
    assert code == 2 and "internal error" not in output


# --- sources: a string that looks like a path must name a file; any argument, a clear error ----

@pytest.mark.parametrize("compare", [nosurprises.compare_openapi, nosurprises.compare_terms,
                                     nosurprises.compare_pricing])
@pytest.mark.parametrize("source", ["does-not-exist.md", "missing/terms", "nowhere.yaml",
                                    "/dev/zero", ".", "terms-v2.txt"])
def test_a_path_that_names_no_document_is_an_error(compare, source: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        compare(source, source)
    assert source in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("text", ["We may change these terms at any time.", "# Terms\nFees.",
                                  "<p>Fees/charges apply.</p>"])
def test_document_text_is_still_read_as_text(text: str) -> None:
    assert nosurprises.compare_terms(text, text).changes == []


def test_a_nul_byte_source_is_an_input_error() -> None:
    for compare in (nosurprises.compare_openapi, nosurprises.compare_terms,
                    nosurprises.compare_pricing, nosurprises.load_policy):
        for text in ("\x00", "a\x00b.yaml"):
            with pytest.raises(InputError, match=r"NUL byte"):
                compare(text) if compare is nosurprises.load_policy else compare(text, PETSTORE)
    with pytest.raises(InputError):
        nosurprises.compare_openapi(b"\x00", PETSTORE)


_PUBLIC_LOADERS = {
    "compare_openapi": lambda s: nosurprises.compare_openapi(s, s),
    "compare_pricing": lambda s: nosurprises.compare_pricing(s, s),
    "compare_terms": lambda s: nosurprises.compare_terms(s, s),
    "load_pricebook": nosurprises.load_pricebook,
    "load_events": nosurprises.load_events,
    "load_policy": nosurprises.load_policy,
}


@pytest.mark.parametrize("name", sorted(_PUBLIC_LOADERS))
def test_any_argument_gives_a_result_or_an_input_error(name: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    monkeypatch.chdir(tmp_path)  # no file named by chance: every path-like string is missing
    call = _PUBLIC_LOADERS[name]
    odd = st.one_of(st.none(), st.integers(), st.floats(), st.booleans(),
                    st.lists(st.integers(), max_size=3), st.tuples(st.text(max_size=3)),
                    st.just(object()), st.just(tmp_path))
    sources = st.one_of(st.text(max_size=60), st.binary(max_size=60), odd,
                        st.text(alphabet="\x00/.:{}[]#<>- \n\rayml", max_size=30),
                        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3))

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sources)
    def check(source: object) -> None:
        try:
            call(source)
        except InputError as exc:
            assert "\n" not in str(exc)

    check()


# --- kinds: each document's kind is said, and two kinds are refused in one line ----------------

_BOOK = ("plans:\n  - {id: free, name: Free, price: {amount: '0', currency: USD, interval: month}}\n")


def _cli(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    from nosurprises.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


@pytest.mark.parametrize("command", [["diff"], ["check"], ["plan", "--announce", "2027-01-04"]])
def test_kind_pricing_on_two_specs_says_what_they_are(command: list[str]) -> None:
    code, err = _cli(*command, "--kind", "pricing", str(PETSTORE), str(PETSTORE))
    assert code == 2
    assert err.count("\n") == 1 and str(PETSTORE) in err
    assert "is an OpenAPI document, not a price book" in err and "Extra inputs" not in err


def test_a_price_book_and_a_spec_are_two_kinds(tmp_path: Path) -> None:
    book = tmp_path / "prices.yaml"
    book.write_text(_BOOK)
    for old, new in ((book, PETSTORE), (PETSTORE, book)):
        code, err = _cli("diff", str(old), str(new))
        assert code == 2 and err.count("\n") == 1
        assert str(book) in err and str(PETSTORE) in err and "same kind" in err


def test_kind_terms_on_a_spec_is_refused(tmp_path: Path) -> None:
    code, err = _cli("diff", "--kind", "terms", str(PETSTORE), str(PETSTORE))
    assert code == 2 and "is an OpenAPI document, not a terms document" in err


def test_terms_and_a_spec_are_two_kinds(tmp_path: Path) -> None:
    terms = tmp_path / "terms.md"
    terms.write_text("# Terms\n\n## Fees\n\nWe charge 10 USD a month.\n")
    code, err = _cli("diff", str(terms), str(PETSTORE))
    assert code == 2 and "is a terms document but" in err and str(PETSTORE) in err


def test_same_kinds_still_compare(tmp_path: Path) -> None:
    book = tmp_path / "prices.yaml"
    book.write_text(_BOOK)
    assert _cli("diff", str(book), str(book))[0] == 0
    assert _cli("diff", "--kind", "pricing", str(book), str(book))[0] == 0
    assert _cli("diff", str(PETSTORE), str(ROOT / "examples" / "petstore-new.yaml"))[0] == 0


# --- `-` is standard input, for OLD or NEW -----------------------------------------------------

def _run_with_stdin(args: list[str], stdin: bytes) -> tuple[int, str, str]:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "nosurprises", *args], input=stdin,
                         capture_output=True, timeout=120)
    return run.returncode, run.stdout.decode(), run.stderr.decode()


NEW_PETSTORE = ROOT / "examples" / "petstore-new.yaml"


@pytest.mark.parametrize("command", [["diff", "-f", "json"], ["check", "-f", "json"],
                                     ["plan", "--announce", "2027-01-04"]])
@pytest.mark.parametrize("side", ["old", "new"])
def test_dash_reads_standard_input(command: list[str], side: str) -> None:
    expected = _run_with_stdin([*command, str(PETSTORE), str(NEW_PETSTORE)], b"")
    stdin = (PETSTORE if side == "old" else NEW_PETSTORE).read_bytes()
    pair = ["-", str(NEW_PETSTORE)] if side == "old" else [str(PETSTORE), "-"]
    code, out, err = _run_with_stdin([*command, *pair], stdin)
    assert (code, err) == (expected[0], expected[2])
    if side == "old" or command[0] == "plan":  # the new document's name is in the output
        assert out == expected[1]
    assert '"rule"' in out or "POST /pets" in out


def test_dash_for_terms_and_notice(tmp_path: Path) -> None:
    terms = ROOT / "tests" / "fixtures" / "terms"
    code, out, _ = _run_with_stdin(["diff", "-", str(terms / "new.md")], (terms / "old.md").read_bytes())
    assert code == 0 and "breaking" in out
    code, _, err = _run_with_stdin(["notice", "-", str(NEW_PETSTORE), "--announce", "2027-01-04",
                                    "--out", str(tmp_path / "out")], PETSTORE.read_bytes())
    assert code == 0, err
    assert (tmp_path / "out" / "notice.eml").is_file()


def test_dash_for_both_is_refused() -> None:
    code, _, err = _run_with_stdin(["diff", "-", "-"], PETSTORE.read_bytes())
    assert code == 2 and "not both" in err and err.count("\n") == 1


def test_standard_input_is_bounded() -> None:
    code, _, err = _run_with_stdin(["diff", "-", str(PETSTORE), "--max-bytes", "100"],
                                   PETSTORE.read_bytes())
    assert code == 2 and "over the limit of 100 bytes" in err


def test_dash_is_not_standard_input_for_the_library() -> None:
    with pytest.raises(InputError, match="no such file"):
        nosurprises.compare_openapi("-", PETSTORE)


def test_a_long_digit_run_in_a_string_keeps_the_fast_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub's spec quotes a 19-digit log index in an example: the document is still read by
    orjson (the stdlib's parser took 0.6 s of a 1 s diff), and reads the same."""
    from nosurprises.load import source

    raw = b'{"openapi": "3.0.0", "x": "rekor - 2605736670972794746", "y": [1, 2]}'
    assert not source._long_number(raw)
    assert source._long_number(raw.replace(b'"rekor - 2605736670972794746"', b"2605736670972794746"))
    if source._ORJSON_BOUNDS_DEPTH:  # an orjson older than its depth limit is never trusted
        monkeypatch.setattr(source, "_stdlib_json", lambda _raw: pytest.fail("stdlib parser used"))
    assert source._parse_json(raw) == json.loads(raw)


def test_json_numbers_are_exact_whatever_the_layout() -> None:
    """A number past 64 bits is read exactly wherever whitespace puts it (indented, compact,
    first in an array, after a key), and a string of digits stays a string."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nosurprises.load import source

    big = st.one_of(st.integers(min_value=2**63, max_value=2**70), st.integers(max_value=-(2**63) - 1,
                                                                              min_value=-(2**70)))
    leaf = st.one_of(big, st.integers(), big.map(str), st.text(max_size=5))
    tree = st.recursive(leaf, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
        st.text(max_size=3), kids, max_size=3), max_leaves=8)

    @settings(max_examples=200, deadline=None, database=None)
    @given(tree, st.sampled_from([None, 0, 2, "\t"]), st.sampled_from([(",", ":"), (", ", ": ")]))
    def check(data: object, indent: int | str | None, separators: tuple[str, str]) -> None:
        raw = json.dumps({"v": data}, indent=indent, separators=separators).encode()
        assert json.dumps(source._parse_json(raw)) == json.dumps({"v": data})  # 2**64 == 2.0**64

    check()

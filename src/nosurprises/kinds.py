"""The kinds of document nosurprises compares, in one registry, and each pair loaded once.

`diff`, `check`, `plan` and `notice` compare two documents of one kind: an OpenAPI document,
a price book or a terms document. Everything that differs between kinds lives in one `Kind`
entry of `KINDS`: what it is called in messages, how it is recognised (its file name, or the
fields of its parsed data), how a source is loaded into what its comparer takes (a parsed
document, a `PriceBook`, a list of terms sections), how two loaded documents are compared into
a `Report`, which command-line options apply to it, the product name customers know it by,
and the JSON Schemas of the files it reads. The CLI derives `--kind`, dispatch, the "option
does not apply" errors and `nosurprises schema` from it: to add a kind, add an entry here.

A document's kind is found from its name (`.csv` is a price list; `.md`, `.txt`, `.html` are
terms) or what it holds (an `openapi`/`swagger` field; `plans`/`products`), so that comparing
a spec with a price book, or asking for `--kind terms` on a spec, names both documents and
stops instead of reporting schema errors or a "licence" found in the word `license`.

`load_pair` reads and parses each document once; the `Pair` it returns is what comparison,
usage impact, the redline, the product name and line lookup (through `Loaded.name`) all use,
so no later stage reads a path again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .lazy import LazyMap
from .load.limits import LINES_MAX_BYTES, MAX_BYTES

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .model import Report
    from .openapi.document import Filters

# Each kind's comparer, loader and models are imported when that kind is used: the registry
# itself (names, suffixes, options) is what `--help` and the parser need, and they need no
# more than it.

REQUESTS_OPTIONS = ("requests", "customer-key", "requests-format", "requests-table", "requests-field",
                    "requests-since", "requests-until", "requests-strip-prefix")
"""`diff --requests` and what it takes: who calls each operation, from request logs."""
TERMS_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Options:
    """What a comparison may be asked besides the two documents (each kind reads its own)."""

    today: dt.date | None = None
    max_bytes: int = MAX_BYTES
    validate: bool = False
    successors: Mapping[str, str] = field(default_factory=dict)
    strip_prefix_base: str | None = None
    strip_prefix_revision: str | None = None
    filter_extension: str | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of document: everything the commands need to know about it."""

    name: str
    """The `--kind` value, e.g. `pricing`."""
    what: str
    """One document, in messages: "a price book"."""
    plural: str
    """Several, in messages: "price books"."""
    suffixes: tuple[str, ...]
    """File names that say this kind whatever they hold (`.csv`)."""
    holds: Callable[[Any], bool]
    """Whether parsed YAML/JSON data is of this kind."""
    load: Callable[[Any, Any, int], Any]
    """(source as given, as detected: a `Document` or the source itself, max_bytes) -> what
    `compare` takes."""
    compare: Callable[[Any, Any, Options], Report]
    options: tuple[str, ...] = ()
    """Options (without `--`) that apply to this kind only."""
    product: Callable[[Any], str | None] = lambda _loaded: None
    """The product name customers know, from a loaded (new) document."""
    schemas: Mapping[str, type[BaseModel]] = field(default_factory=dict)
    """JSON Schemas of the files this kind reads or writes, for `nosurprises schema`."""


def _document() -> type:
    from .load.source import Document

    return Document


def _named_product(data: Any) -> str | None:
    """An OpenAPI `info.title`, else a top-level `product` or `provider`."""
    data = data if isinstance(data, dict) else {}
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    for name in (info.get("title"), data.get("product"), data.get("provider")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


def _load_pricebook(_source: Any, found: Any, max_bytes: int) -> Any:
    from .pricing import load_pricebook

    if isinstance(found, _document()):
        return load_pricebook(found.data, label=found.label, max_bytes=max_bytes)
    return load_pricebook(found, max_bytes=max_bytes)


def _load_terms(source: Any, found: Any, max_bytes: int) -> Any:
    """Terms are read as text: a document parsed as YAML while its kind was looked for is
    read again from the bytes kept, not from its file."""
    from .terms.compare import load_sections, read_text
    from .terms.document import parse_sections

    if isinstance(found, _document()) and found.raw is not None:
        text, _ = read_text(found.raw, max_bytes=max_bytes)
        return parse_sections(text, None)
    return load_sections(source, max_bytes=max_bytes)


def _book_product(book: Any) -> str | None:
    from .pricing.model import PriceBook

    return _named_product(book.model_dump(include={"product", "provider"})) if isinstance(
        book, PriceBook) else None


def _filters(o: Options) -> Filters | None:
    """The OpenAPI filters the options ask for, the pattern compiled (RE2), else None."""
    if not (o.strip_prefix_base or o.strip_prefix_revision or o.filter_extension):
        return None
    from .openapi.document import Filters
    from .regex import compile_user_regex

    pattern = (compile_user_regex(o.filter_extension, "--filter-extension")
               if o.filter_extension else None)
    return Filters(o.strip_prefix_base, o.strip_prefix_revision, pattern)


def _compare_openapi(old: Any, new: Any, o: Options) -> Report:
    from .openapi import compare_openapi

    return compare_openapi(old, new, today=o.today, max_bytes=o.max_bytes, validate=o.validate,
                           filters=_filters(o))


def _compare_pricing(old: Any, new: Any, o: Options) -> Report:
    from .pricing import compare_pricing

    return compare_pricing(old, new, successors=o.successors)


def _compare_terms(old: Any, new: Any, o: Options) -> Report:
    from .terms import compare_terms

    return compare_terms(old, new, max_bytes=o.max_bytes)


def _is_pricebook(data: Any) -> bool:
    from .pricing.load import is_pricebook

    return is_pricebook(data)


OPENAPI = Kind(
    name="openapi", what="an OpenAPI document", plural="OpenAPI documents", suffixes=(),
    holds=lambda data: isinstance(data, dict) and ("openapi" in data or "swagger" in data),
    load=lambda _source, found, _max_bytes: found, compare=_compare_openapi,
    options=("validate", "strip-prefix-base", "strip-prefix-revision", "filter-extension", *REQUESTS_OPTIONS),
    product=lambda doc: _named_product(doc.data) if isinstance(doc, _document()) else None,
    schemas=LazyMap({"reach-report": "nosurprises.targeting.report:ReachReport"}))
PRICING = Kind(
    name="pricing", what="a price book", plural="price books", suffixes=(".csv",),
    holds=_is_pricebook, load=_load_pricebook, compare=_compare_pricing,
    options=("successor", "usage"), product=_book_product,
    schemas=LazyMap({"pricebook": "nosurprises.pricing.model:PriceBook",
                     "pricing-report": "nosurprises.pricing.impacts:PricingReport",
                     "usage": "nosurprises.pricing.usage:UsageFile"}))
TERMS = Kind(
    name="terms", what="a terms document", plural="terms documents", suffixes=TERMS_SUFFIXES,
    holds=lambda _data: False, load=_load_terms,
    compare=_compare_terms, options=("redline",))

KINDS: dict[str, Kind] = {k.name: k for k in (OPENAPI, PRICING, TERMS)}
"""Every kind by name, in the order `--kind` lists them; the first is the default."""


def kind_options() -> list[str]:
    """Every option that applies to some kinds only, in registry order."""
    return list(dict.fromkeys(option for kind in KINDS.values() for option in kind.options))


def refuse_options(kind: Kind, given: Mapping[str, bool], prefix: str = "--") -> None:
    """One line naming the first option given that does not apply to `kind`, and the kind."""
    for option, used in given.items():
        if used and option not in kind.options:
            owners = " and ".join(k.plural for k in KINDS.values() if option in k.options)
            raise InputError(f"{prefix}{option}", f"applies to {owners} only, not {kind.plural}")


@dataclass(frozen=True)
class Loaded:
    """One document, read and parsed once."""

    name: str
    """The source's name as given (a `Named`, carrying the bytes for line lookup)."""
    value: Any
    """What the kind's comparer takes: a `Document`, a `PriceBook`, a list of terms sections."""


@dataclass(frozen=True)
class Pair:
    """The two documents of one command and their kind: made once, used by every stage."""

    kind: Kind
    old: Loaded
    new: Loaded

    def compare(self, options: Options | None = None) -> Report:
        return self.kind.compare(self.old.value, self.new.value, options or Options())

    def product(self) -> str | None:
        return self.kind.product(self.new.value)


def name_of(source: Any) -> str:
    return source.label if isinstance(source, _document()) else str(source)


def kind_by_name(source: Any) -> str | None:
    if not isinstance(source, str | os.PathLike | _document()):
        return None  # text of a dict or bytes is no name
    name = name_of(source).lower()
    for kind in KINDS.values():
        if kind.suffixes and name.endswith(kind.suffixes):
            return kind.name
    return None


def kind_of_data(data: Any) -> str | None:
    """The kind a parsed document's fields show; None when it shows none."""
    for kind in KINDS.values():
        if kind.holds(data):
            return kind.name
    return None


def detect(source: Any, max_bytes: int, label: str | None = None) -> tuple[str | None, Any]:
    """The kind of `source` and the source to compare (parsed once when it had to be read).

    A document that cannot be parsed as YAML or JSON has no kind here: its comparer reports
    why, in its own words.
    """
    from .load.source import load_document

    by_name = kind_by_name(source)
    if by_name:
        return by_name, source
    try:
        doc = load_document(source, max_bytes=max_bytes, label=label)
    except InputError:
        return None, source
    return kind_of_data(doc.data), doc


def check_kinds(wanted: str, old: tuple[str | None, Any], new: tuple[str | None, Any],
                old_source: Any, new_source: Any) -> None:
    """Refuse, in one line naming the files, documents of another kind or of two kinds."""
    (old_kind, _), (new_kind, _) = old, new
    if wanted == "auto":
        if old_kind and new_kind and old_kind != new_kind:
            raise InputError(name_of(old_source), f"is {KINDS[old_kind].what} but {name_of(new_source)} "
                                                  f"is {KINDS[new_kind].what}: compare two documents "
                                                  "of the same kind")
        return
    for kind, source in ((old_kind, old_source), (new_kind, new_source)):
        if kind and kind != wanted:
            raise InputError(name_of(source), f"is {KINDS[kind].what}, not {KINDS[wanted].what} "
                                              f"(--kind {wanted})")


def _loaded(kind: Kind, source: Any, found: Any, name: str, max_bytes: int) -> Loaded:
    from .load.source import Document, Named

    raw = found.raw if isinstance(found, Document) and found.path is not None else None
    if isinstance(found, Document) and found.raw is not None and kind is not TERMS:
        found = replace(found, raw=None)  # the bytes live on in the name, if small enough
    keep = raw if raw is not None and len(raw) <= LINES_MAX_BYTES else None
    return Loaded(Named(name, keep), kind.load(source, found, max_bytes))


def load_pair(old: Any, new: Any, *, kind: str = "auto", max_bytes: int = MAX_BYTES) -> Pair:
    """Both documents, each read and parsed once, of the kind `kind` names or they show
    (the old one's, else the new one's, else OpenAPI)."""
    if kind != "auto" and kind not in KINDS:
        raise InputError(kind, f"is not a kind of document (kinds: {', '.join(KINDS)})")
    names = [f"<{side}>" if isinstance(source, Mapping | bytes) or (
        isinstance(source, str) and "\n" in source) else name_of(source)
        for side, source in (("old", old), ("new", new))]  # a document's text is no name
    old_found = detect(old, max_bytes, names[0] if isinstance(old, Mapping) else None)
    new_found = detect(new, max_bytes, names[1] if isinstance(new, Mapping) else None)
    check_kinds(kind, old_found, new_found, *names)
    chosen = KINDS[kind if kind != "auto" else old_found[0] or new_found[0] or next(iter(KINDS))]
    return Pair(chosen, _loaded(chosen, old, old_found[1], names[0], max_bytes),
                _loaded(chosen, new, new_found[1], names[1], max_bytes))


def compare(old: Any, new: Any, kind: str | None = None, *, today: dt.date | None = None,
            max_bytes: int = MAX_BYTES, validate: bool = False,
            successors: Mapping[str, str] | None = None) -> Report:
    """Compare two documents of any kind (paths, text, dicts or `git:REF:PATH`), found from
    their names or content unless `kind` names it (`openapi`, `pricing`, `terms`).

    `validate` applies to OpenAPI documents and `successors` to price books only; either,
    given for another kind, is an `InputError`, as on the command line.
    """
    pair = load_pair(old, new, kind=kind or "auto", max_bytes=max_bytes)
    refuse_options(pair.kind, {"validate": validate, "successor": bool(successors)}, prefix="")
    return pair.compare(Options(today=today, max_bytes=max_bytes, validate=validate,
                                successors=dict(successors or {})))

"""Facts into words: a rule's sentence filled with the facts of one change.

The diff stages state facts as data: plain values, `Code` for names and values as the
document writes them (an operation, a property, a plan id), `Place` for where in an
operation a schema change is, `Term` for a fixed phrase such as "the API". Nothing before
this module writes a sentence. `pieces` fills a template with facts into `(is_code, text)`
pieces, and each presentation marks the code pieces its own way: backticks in plain text
(the JSON `message`, text, annotations), code spans in Markdown, `<code>` in HTML, nothing
or quotes in a customer's e-mail. Splitting before filling is what keeps a backtick inside
a document's own text from opening a code span.

Templates and fixed phrases are English; `pieces` says them in the reader's language from
the gettext catalogs (`i18n.py`): a rule's template arrives translated, a `Phrase`'s and a
`Place`'s templates and a `Term` are looked up here, and `Money` and `Number` are formatted
as the reader's locale writes them (Babel), so the diff stages never format for a reader.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from .i18n import N_, gettext, pgettext

Piece = tuple[bool, str]
"""(is_code, text): one run of a sentence."""
Pieces = tuple[Piece, ...]


class Code(str):
    """A name or value as the document writes it: shown as code wherever code can be shown."""

    __slots__ = ()


class Term(str):
    """A fixed phrase named by a key (`the-api`), said in the reader's words."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Listing:
    """Several values joined in the reader's words: `a` and `b`; `a`, `b` or `c`."""

    items: tuple[Any, ...]
    conjunction: str = "and"
    """`and` or `or` between every two items (`a` and `b` and `c`, as the report has always
    read), or `,` (a plain list)."""
    empty: Any = None
    """What an empty listing says (a `Term`), else nothing."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A part of a sentence that is there only sometimes (" for `GET /pets`"), as a template
    of its own (declared with the rules, beside their sentences) and its facts."""

    template: str
    facts: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a schema change is, as facts: in one operation, or at the shared schema itself.

    In an operation: `part` is `parameter` (with `where`, its `in`, and `name`), `request
    body`, `response` (with `status`) or `header` (a response header, with `status` and
    `name`); `media` is the media type when the schema is a body's or a parameter's content.
    At its origin: `part` is `schema` (a named schema, `name`), `component` (the schema of a
    shared component: `where` is its kind, `name` its key) or `pointer` (`name` is the
    pointer), with `file` when it lives in another file. `path` is the property path inside
    (`a.b[].c`, `[]` for each item), empty for the schema itself.
    """

    part: str
    operation: str | None = None
    where: str | None = None
    name: str | None = None
    status: str | None = None
    media: str | None = None
    file: str | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money, written as the reader's locale writes it (`$1,234.50`,
    `1.234,50 $`), every digit the provider wrote kept."""

    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Number:
    """A count, written as the reader's locale writes it (`1,500`, `1.500`, `1 500`)."""

    value: int | Decimal


PREC = 2000
"""Digits for money: Babel quantizes in the current decimal context and arithmetic rounds to
it, and no amount anyone writes may be rounded on the way."""


def money_text(value: Money, locale: str = "en") -> str:
    """`value` as `locale` writes money; English is Babel's `en_US`, as the report always read.
    Babel is imported here: most reports state no amount."""
    from babel.numbers import format_currency

    with localcontext(prec=PREC):
        return format_currency(value.amount, value.currency, locale=_region(locale),
                               decimal_quantization=False)


def number_text(value: Number, locale: str = "en") -> str:
    """`value` as `locale` writes numbers."""
    if locale == "en" and isinstance(value.value, int):
        return f"{value.value:,}"
    from babel.numbers import format_decimal

    with localcontext(prec=PREC):
        return format_decimal(value.value, locale=_region(locale), decimal_quantization=False)


def _region(locale: str) -> str:
    return "en_US" if locale == "en" else locale.replace("-", "_")


WORDS: dict[str, str] = {
    "the-api": "the API",
    "and": "and",
    "or": "or",
    "each-operation": "each affected operation",
    "nothing": "nothing",
    "no-credentials": "no credentials",
    "no-date": "no date",
    "start-of-terms": "the opening part",
    "another-company": "another company",
    "any-value": "any value",
    "allowed-values": "allowed values",
    "unknown": "?",
    # price books
    "once": "once",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "plan": "plan",
    "one-time": "one-time",
    "per-use": "per use",
    "per-custom-term": "per custom term",
    "everyone": "everyone",
    "nobody": "nobody",
    "included": "included",
    "not-included": "not included",
    "all-usage": "all usage",
    "from-zero": "from zero",
    "unpublished-amount": "an unpublished amount",
}
"""Fixed phrases by key, in English: the message ids of the catalogs (each with its key as
context), and what every locale without a translation reads."""


def word(key: str, locale: str = "en") -> str:
    """The phrase for `key` in `locale`, else in English."""
    return pgettext(key, WORDS[key], locale)


_FIELDS: dict[str, list[tuple[list[Piece], str | None]]] = {}


def _parsed(template: str) -> list[tuple[list[Piece], str | None]]:
    """(literal pieces, field name or None) runs of a template; parsed once per template."""
    runs = _FIELDS.get(template)
    if runs is None:
        runs = [(_literal(literal), field)
                for literal, field, _spec, _conv in string.Formatter().parse(template)]
        _FIELDS[template] = runs
    return runs


def pieces(template: str, facts: Mapping[str, Any], locale: str = "en",
           capitalize: bool = False) -> Pieces:
    """The template's sentence with `facts` filled in, as (is_code, text) pieces; adjacent
    text pieces are joined, so every format sees the fewest runs.

    A backtick span written in the template itself (the `not` constraint) is code too. An
    unknown fact prints as `?`: a sentence is never lost to a missing fact.
    """
    out: list[Piece] = []
    for literal, field in _parsed(template):
        if literal:
            _extend(out, literal)
        if field is not None:
            value = facts.get(field)
            if value is None and field == "operation":
                value = Term("the-api")
            if type(value) is str:  # the common case, spelt out: this runs per change
                if value:
                    _extend(out, ((False, value),))
            else:
                _extend(out, show(value, locale))
    if capitalize and out and not out[0][0]:
        out[0] = (False, out[0][1][:1].upper() + out[0][1][1:])
    return tuple(out)


def _extend(out: list[Piece], more: Iterable[Piece]) -> None:
    for code, text in more:
        if not code and out and not out[-1][0]:
            out[-1] = (False, out[-1][1] + text)
        elif text or code:
            out.append((code, text))


def _literal(text: str) -> list[Piece]:
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick stays text
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    return [(bool(i % 2), part) for i, part in enumerate(parts) if part]


def show(value: Any, locale: str = "en") -> list[Piece]:
    """One fact as pieces."""
    if value is None:
        return [(False, word("unknown", locale))]
    if isinstance(value, Code):
        return [(True, str(value))] if value else [(False, "``")]
    if isinstance(value, Term):
        return [(False, word(value, locale))]
    if isinstance(value, Place):
        return _place(value, locale)
    if isinstance(value, Listing):
        return _listing(value, locale)
    if isinstance(value, Phrase):
        return list(pieces(gettext(value.template, locale), value.facts, locale))
    if isinstance(value, Money):
        return [(False, money_text(value, locale))]
    if isinstance(value, Number):
        return [(False, number_text(value, locale))]
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        said_in = getattr(value, "said_in", None)  # a phrase that can say itself again
        if said_in is not None and locale != "en":
            return list(said_in(locale))
        return list(value)  # already pieces: a phrase built of other facts
    if isinstance(value, bool):
        return [(False, "true" if value else "false")]
    return [(False, str(value))]


def _listing(value: Listing, locale: str) -> list[Piece]:
    if not value.items:
        return show(value.empty, locale) if value.empty is not None else []
    out: list[Piece] = []
    sep = ", " if value.conjunction == "," else f" {word(value.conjunction, locale)} "
    for i, item in enumerate(value.items):
        if i:
            out.append((False, sep))
        out.extend(show(item, locale))
    return out


PLACES = {
    "schema": N_("schema {name}"),
    "component": N_("the schema of {where} {name}"),
    "pointer": N_("the schema at {name}"),
    "file": N_(" in {file}"),
    "parameter": N_("{where} parameter {name}"),
    "request body": N_("request body"),
    "response": N_("response {status}"),
    "header": N_("response {status} header {name}"),
    "media": N_(" ({media})"),
    "item": N_(", each item"),
    "property": N_(", property {path}"),
}
"""How a place reads, part by part: `{where}` is a parameter's `in` (query, path, header,
cookie) or a component's kind (parameters, responses), as the document names them."""


def _place(p: Place, locale: str) -> list[Piece]:
    """A place as a reviewer reads the document, in `locale`: the operation, then the part
    of it, its media type, then the property path."""
    out: list[Piece] = []
    if p.part in ("schema", "component", "pointer"):
        name = p.name or ("/" if p.part == "pointer" else "")
        _extend(out, pieces(gettext(PLACES[p.part], locale), {"name": Code(name), "where": p.where}))
        if p.file:
            _extend(out, pieces(gettext(PLACES["file"], locale), {"file": Code(p.file)}))
    else:
        if p.operation:
            out += [(True, p.operation), (False, " ")]
        if p.part in PLACES:
            _extend(out, pieces(gettext(PLACES[p.part], locale),
                                {"where": p.where, "name": Code(p.name or ""), "status": p.status}))
        if p.media is not None:
            _extend(out, pieces(gettext(PLACES["media"], locale), {"media": p.media}))
    if p.path == "[]":
        _extend(out, pieces(gettext(PLACES["item"], locale), {}))
    elif p.path:
        _extend(out, pieces(gettext(PLACES["property"], locale), {"path": Code(p.path)}))
    return out


def plain(said: Pieces) -> str:
    """Pieces as one plain line: code in backticks, as the JSON `message` has always read."""
    return "".join(f"`{text}`" if code else text for code, text in said)


def quoted(said: Pieces) -> str:
    """Pieces as plain text for readers who do not read Markdown (a customer's e-mail, a
    calendar): code between typographic quotes."""
    return "".join(f"\u201c{text}\u201d" if code else text for code, text in said)


def sentence(template: str, facts: Mapping[str, Any], capitalize: bool = False) -> str:
    """The plain English sentence (`plain(pieces(...))`)."""
    return plain(pieces(template, facts, capitalize=capitalize))


def fold(names: Sequence[str], limit: int) -> str:
    """`A, B, C, D, E and 9 more`: the first `limit` names, then how many are left (the
    reviewer's and the log's lists; a customer's text says it with `ngettext`)."""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown

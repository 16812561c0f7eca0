"""Translations: every sentence a reader sees, in the reader's language, from gettext catalogs.

The English text is the message id, so English needs no catalog and every missing
translation falls back to it. A rule's sentences carry the rule id as their context
(`msgctxt`), so one English sentence in two rules can be said two ways; a fixed phrase of
`words.WORDS` carries its key. Catalogs live in `locale/<lang>/LC_MESSAGES/nosurprises.po`
(what translators edit) and ship compiled (`.mo`) in the wheel; Babel extracts, updates
and compiles them (`babel.cfg`, `docs/translating.md`), and `tests/test_i18n.py` checks
that every catalog is complete, keeps every `{fact}` of its English, and is compiled.

Locales are Babel's (`de`, `de_DE`, `pt-BR`): a regional locale without a catalog of its
own reads its language's (`de_AT` reads `de`), dates, numbers and money always the region's.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

from .errors import InputError

DOMAIN = "nosurprises"
CATALOGS = Path(__file__).with_name("locale")
LOCALES = ("en", "de", "fr", "es", "ja", "pt_BR")
"""The languages the catalogs cover; English is the source of every catalog."""


def N_(text: str) -> str:
    """Mark `text` for the catalogs where it is declared; it is translated where it is said."""
    return text


def check_locale(name: str, option: str = "--lang") -> str:
    """`name` as Babel spells it (`pt-BR` -> `pt_BR`) if Babel knows it, else one clear error.

    English, the default, is known without asking Babel: a run in English does not import it."""
    if name == "en":
        return name
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(name.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        raise InputError(option, f"{name!r} is not a locale Babel knows "
                                 f"(e.g. {', '.join(LOCALES)}, de_DE)") from None


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The catalog of `locale` (or of its language), or none: English is the message ids."""
    name = locale.replace("-", "_")
    if name == "en" or name.startswith("en_"):
        return _gettext.NullTranslations()
    from babel.support import Translations

    return Translations.load(str(CATALOGS), [name], DOMAIN)


def gettext(text: str, locale: str = "en") -> str:
    """`text` in `locale`, else in English."""
    if locale == "en":
        return text
    return translations(locale).gettext(text)


def pgettext(context: str, text: str, locale: str = "en") -> str:
    """`text`, said in `context` (a rule id, a phrase's key), in `locale`, else in English."""
    if locale == "en":
        return text
    return translations(locale).pgettext(context, text)


def ngettext(singular: str, plural: str, n: int, locale: str = "en") -> str:
    """The form for `n` in `locale`'s plural rules (Japanese has one, English two)."""
    if locale == "en":
        return singular if n == 1 else plural
    return translations(locale).ngettext(singular, plural, n)

"""The language a report is written in: labels, names and number forms for each edition.

Sentences live in the notebooks (one notebook per language); what the library draws or labels by itself
(axis titles, legends, table headers, country and brand-origin names, the title block) is looked up here,
gettext-style: the English label is the key, and a catalogue per language (locale/<lang>.toml) gives its
form. A label missing from a catalogue is an error in tests, so an edition never mixes languages unseen.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "ja")
_current = "en"


class MissingLabel(KeyError):
    """A label with no entry in the current language's catalogue."""


def use(lang: str) -> None:
    """Set the language of the report being written (notebook.start calls it for every report)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    _current = lang


def current() -> str:
    return _current


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    path = Path(__file__).parent / "locale" / f"{lang}.toml"
    with path.open("rb") as f:
        raw = tomllib.load(f)
    # sections only group the entries for translators; the lookup is flat
    flat: dict[str, str] = {}
    for value in raw.values():
        flat.update(value)
    return flat


def t(label: str, lang: str | None = None) -> str:
    """A short label in the report's language (the English label is the key)."""
    lang = lang or _current
    if lang == "en":
        return label
    try:
        return catalogue(lang)[label]
    except KeyError:
        raise MissingLabel(f"no {lang} form for label {label!r} in locale/{lang}.toml") from None


def join(names: list[str], lang: str | None = None) -> str:
    """A list of names as the language writes it: "A, B and C"; "A、B、C"."""
    lang = lang or _current
    if lang == "ja":
        return "、".join(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date(value, lang: str | None = None) -> str:
    """A date as precisely as the data give it: "Sep 2024" or "2024" ("2024年9月", "2024年")."""
    lang = lang or _current
    text = "" if value is None or str(value) in ("", "nan", "NaT", "None", "<NA>") else str(value)
    parts = text[:10].split("-")
    if not parts[0]:
        return t("undated", lang)
    year = parts[0]
    month = int(parts[1]) if len(parts) > 1 and parts[1] else None
    if lang == "ja":
        return f"{year}年" + (f"{month}月" if month else "")
    return f"{MONTHS[month - 1]} {year}" if month else year

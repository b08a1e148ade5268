"""The language a report is written in: one Locale per language, read from locale/<code>.toml.

Sentences live in the notebooks (one notebook per language); everything the library writes by itself
is looked up in the report's Locale: labels (gettext-style, the English label is the key), number
forms per unit, dates and periods, lists, place names with their articles and possessives, the
glossary of the ministry's terms, the page's font and line-breaking rules, and the Japanese (or other)
form of data text that readers see (event and policy titles, instruments), kept in data/locale/.

Adding a language is a locale file here (and data/locale/<code>.toml for data text) and a notebook
named <report>_<code>.ipynb: no code names a language. A label missing from a catalogue is an error,
so an edition never mixes languages unseen.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"  # the language of the data and of the catalogues' keys


def _locale_dirs() -> list[Path]:
    """The library's locales, and more from EVBRIEF_LOCALE_PATH (a test adds a fixture language)."""
    extra = [Path(p) for p in os.environ.get("EVBRIEF_LOCALE_PATH", "").split(os.pathsep) if p]
    return [LOCALE_DIR, *extra]


def languages() -> tuple[str, ...]:
    """Every language with a locale file, English first."""
    found = {p.stem for d in _locale_dirs() if d.is_dir() for p in d.glob("*.toml")}
    return (SOURCE, *sorted(found - {SOURCE}))


class MissingLabel(KeyError):
    """A label with no entry in the current language's catalogue."""


@dataclass(frozen=True)
class Locale:
    """What one language needs from the library: read from its TOML file, never written in code."""

    code: str
    labels: dict[str, str] = field(default_factory=dict)  # flat: English label -> form
    numbers: dict[str, list[dict]] = field(default_factory=dict)  # unit pattern(s) -> rules
    units: dict[str, str] = field(default_factory=dict)  # unit as the numbers print it
    grammar: dict = field(default_factory=dict)  # lists, dates, possessives
    names: dict[str, dict] = field(default_factory=dict)  # place names with articles
    glossary: dict[str, str] = field(default_factory=dict)  # concept -> the one term used
    layout: dict = field(default_factory=dict)  # font, stylesheet additions
    data_text: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> English -> form

    # --- labels ----------------------------------------------------------------------------------
    def t(self, label: str) -> str:
        if self.code == SOURCE and label not in self.labels:
            return label
        try:
            return self.labels[label]
        except KeyError:
            raise MissingLabel(
                f"no {self.code} form for label {label!r} in locale/{self.code}.toml"
            ) from None

    def term(self, concept: str) -> str:
        """The glossary's one term for a concept (電動車, 次世代自動車, 公表政策シナリオ（STEPS）)."""
        try:
            return self.glossary[concept]
        except KeyError:
            raise MissingLabel(
                f"no {self.code} glossary term for {concept!r} in locale/{self.code}.toml"
            ) from None

    def text(self, table: str, english: str) -> str:
        """Data text (a policy title, an instrument) in this language: the form kept in
        data/locale/<code>.toml, or the English as the data hold it (missing_text lists those)."""
        if self.code == SOURCE or english is None:
            return english
        form = self.data_text.get(table, {}).get(str(english))
        if form is None:
            MISSING_TEXT.add((self.code, table, str(english)))
            return english
        return form

    # --- numbers ---------------------------------------------------------------------------------
    def rules(self, unit: str) -> list[dict]:
        for pattern, rules in self.numbers.items():
            if unit in pattern.split("|"):
                return rules
        for pattern, rules in self.numbers.items():
            if any(fnmatch.fnmatchcase(unit, p) for p in pattern.split("|") if "*" in p):
                return rules
        return self.numbers.get("*", [{"format": "{v:,.2f} {unit}"}])

    def number(self, value: float | int, unit: str) -> str:
        """A number in prose: the first of the unit's rules that the value meets, e.g.
        {min = 1e4, step = 1e3, scale = 1e4, format = "{v:,.1f}万台", trim = true}: at least 10,000,
        rounded to thousands (the English figure's precision), in units of 万, one decimal unless .0."""
        for rule in self.rules(unit):
            if "equals" in rule and value != rule["equals"]:
                continue
            if "min" in rule and abs(value) < rule["min"]:
                continue
            if rule.get("integer") and not float(value).is_integer():
                continue
            v = round(value / rule["step"]) * rule["step"] if "step" in rule else value
            v = v / rule["scale"] if "scale" in rule else v
            if rule.get("round"):  # round to thousands first, as "{v},000" reads
                v = round(v)
            text = rule["format"].format(v=v, unit=self.units.get(unit, unit))
            if rule.get("trim"):
                text = re.sub(r"(\d)\.0(?!\d)", r"\1", text)
            return text
        raise MissingLabel(f"no number form for {value!r} {unit} in locale/{self.code}.toml")

    # --- grammar ---------------------------------------------------------------------------------
    def join(self, names: list[str]) -> str:
        g = self.grammar
        names = [format(n) for n in names]
        if len(names) <= 2:
            return g.get("pair", " and ").join(names)
        return g.get("separator", ", ").join(names[:-1]) + g.get("last", " and ") + names[-1]

    def date(self, value) -> str:
        """A date as precisely as the data give it: "Sep 2024" or "2024" ("2024年9月", "2024年")."""
        text = (
            "" if value is None or str(value) in ("", "nan", "NaT", "None", "<NA>") else str(value)
        )
        parts = text[:10].split("-")
        if not parts[0]:
            return self.t("undated")
        year = parts[0]
        month = int(parts[1]) if len(parts) > 1 and parts[1] else None
        g = self.grammar
        if month is None:
            return g.get("year", "{year}").format(year=year)
        months = g.get("months") or [str(m) for m in range(1, 13)]
        return g.get("month_year", "{month_name} {year}").format(
            year=year, month=month, month_name=months[month - 1]
        )

    def period(self, year: int, label: str | None) -> str:
        """A year and the part of it a figure covers: "first half 2025", "2025年上半期"."""
        if not label:
            return self.grammar.get("year", "{year}").format(year=year)
        return self.grammar.get("year_period", "{year} ({period})").format(
            year=year, period=self.t(label)
        )

    def place(self, name: str) -> Name:
        return Name(name, self.code)


class Name(str):
    """A place name that prose uses with its article: "{market}" reads "the Philippines" in English
    running text, "{market:The}" starts a sentence with it, "{market:poss}" is the possessive ("the
    Philippines'", "Thailand's"; "タイの"). str() stays the bare name, for tables and lookups."""

    def __new__(cls, value: str, lang: str = SOURCE):
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj

    def __format__(self, spec: str) -> str:
        loc = locale(self.lang)
        bare = str.__str__(self)
        running = loc.names.get(bare, {}).get("running", bare)
        if spec == "":
            return running
        if spec == "The":
            return running[:1].upper() + running[1:]
        if spec == "poss":
            g = loc.grammar
            template = g.get("possessive", "{name}'s")
            if running.endswith("s") and "possessive_after_s" in g:
                template = g["possessive_after_s"]
            return template.format(name=running)
        return format(bare, spec)


MISSING_TEXT: set[tuple[str, str, str]] = set()  # data text shown without a form in its language


def _read(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def _data_text(code: str) -> dict[str, dict[str, str]]:
    from evbrief import PROJECT_ROOT

    folder = Path(os.environ.get("EVBRIEF_DATA_DIR") or PROJECT_ROOT / "data") / "locale"
    path = folder / f"{code}.toml"
    if not path.exists():
        for d in _locale_dirs()[1:]:
            if (d / "data" / f"{code}.toml").exists():
                path = d / "data" / f"{code}.toml"
    return _read(path) if path.exists() else {}


@cache
def locale(code: str) -> Locale:
    """The Locale of a language, from the first locale folder that holds <code>.toml."""
    path = next((d / f"{code}.toml" for d in _locale_dirs() if (d / f"{code}.toml").exists()), None)
    if path is None:
        raise ValueError(
            f"language {code!r} has no locale file (lib/evbrief/core/locale/{code}.toml); "
            f"languages: {', '.join(languages())}"
        )
    raw = _read(path)
    special = {"numbers", "units", "grammar", "names", "glossary", "layout"}
    labels: dict[str, str] = {}
    for key, value in raw.items():  # the other sections only group labels for translators
        if key not in special and isinstance(value, dict):
            labels.update(value)
    return Locale(
        code=code,
        labels=labels,
        numbers=raw.get("numbers", {}),
        units=raw.get("units", {}),
        grammar=raw.get("grammar", {}),
        names=raw.get("names", {}),
        glossary=raw.get("glossary", {}),
        layout=raw.get("layout", {}),
        data_text=_data_text(code),
    )


# --- the report being written ---------------------------------------------------------------------

_current = SOURCE


def use(lang: str) -> None:
    """Set the language of the report being written (notebook.start calls it for every report)."""
    global _current
    locale(lang)  # one clear line for a language with no locale file
    _current = lang


def current() -> str:
    return _current


def here(lang: str | None = None) -> Locale:
    """The Locale of the report being written (or of `lang`)."""
    return locale(lang or _current)


def for_notebook(name: str) -> str:
    """The language of a notebook: the suffix of <report>_<code> where a locale file exists."""
    stem, _, code = name.rpartition("_")
    return code if stem and code in languages() else SOURCE


def catalogue(lang: str) -> dict[str, str]:
    return locale(lang).labels


def t(label: str, lang: str | None = None) -> str:
    """A short label in the report's language (the English label is the key)."""
    return here(lang).t(label)


def term(concept: str, lang: str | None = None) -> str:
    return here(lang).term(concept)


def text(table: str, english: str, lang: str | None = None) -> str:
    """Data text from `table` in the report's language (see Locale.text)."""
    return here(lang).text(table, english)


def fiscal(text: str, lang: str | None = None) -> str:
    """A fiscal year as the language writes it: "FY2030" is 2030年度 in Japanese (grammar
    `fiscal_year`); other text is left as it is."""
    form = here(lang).grammar.get("fiscal_year", "FY{year}")
    return re.sub(r"\bFY(\d{4})\b", lambda m: form.format(year=m.group(1)), text)


def shorten(text: str, limit: int = 200) -> str:
    """A data text cut to fit a table cell and marked with "…" (after translation, so that a
    language's form is looked up by the data's full text). Cut at a word's end, never inside one
    ("Grand Package ("Tit…" told a reader nothing); texts without spaces (Japanese) at the limit."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:(") + "…"


def join(names: list[str], lang: str | None = None) -> str:
    """A list of names as the language writes it: "A, B and C"; "A、B、C"."""
    return here(lang).join(names)


def date(value, lang: str | None = None) -> str:
    return here(lang).date(value)


def period(year: int, label: str | None, lang: str | None = None) -> str:
    return here(lang).period(year, label)


def place(name: str, lang: str | None = None) -> Name:
    return here(lang).place(name)


def number(value: float | int, unit: str, lang: str | None = None) -> str:
    return here(lang).number(value, unit)

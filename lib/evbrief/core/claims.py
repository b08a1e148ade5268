"""Every number the prose states: its value, unit, the dataset it came from, and the sentence.

Prose is written by filling templates with Claim objects, so a number can only reach a sentence
through here; the render writes the register to <report>.claims.json for checking.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from string import Formatter

from evbrief.core import language


@dataclass
class Claim:
    name: str
    value: float | int
    unit: str
    dataset: str
    display: str
    detail: dict = field(default_factory=dict)  # what identifies it in the dataset (area, year...)
    sentence: str = ""
    # the clock of the rows it quotes (filled when the claims file is written; see evbrief.data.clock):
    as_of: str = ""  # the latest date the quoted rows' sources state (YYYY, YYYY-MM or YYYY-MM-DD)
    checked: str = ""  # the day those rows were last confirmed (YYYY-MM-DD)
    rows: list = field(default_factory=list)  # their ids in the dataset

    def __str__(self) -> str:
        return self.display


def fmt_value(value: float | int, unit: str, lang: str | None = None) -> str:
    """One place that formats numbers for prose, in the report's language."""
    if (lang or language.current()) == "ja":
        return _fmt_ja(value, unit)
    if unit == "percent":
        return f"{value:.1f}%" if abs(value) < 10 else f"{value:.0f}%"
    if unit == "percentage points":
        return f"{value:.1f} percentage points"
    if unit == "fraction":
        return f"{value:.2f}"
    if unit == "year":
        return str(int(value))
    if unit == "years":
        return f"{int(value)} year" + ("" if int(value) == 1 else "s")
    if unit == "times":
        return f"{value:.1f} times" if value < 10 else f"{value:.0f} times"
    if unit in ("vehicles", "units", "vehicles per year", "workers", "persons", "companies"):
        if abs(value) >= 1e6:
            return f"{value / 1e6:.1f} million"
        if abs(value) >= 1e4:
            return f"{round(value / 1e3):,.0f},000"
        return f"{value:,.0f}"
    if unit == "USD":
        if abs(value) >= 1e10:
            return f"${value / 1e9:.0f} billion"
        return f"${value / 1e9:.2f} billion" if abs(value) >= 1e9 else f"${value / 1e6:.0f} million"
    if unit == "JPY":
        if abs(value) >= 1e12:
            return f"¥{value / 1e12:,.0f} trillion"
        return f"¥{value / 1e9:,.0f} billion" if abs(value) >= 1e9 else f"¥{value:,.0f}"
    if unit in ("THB", "IDR", "MYR", "VND", "PHP"):
        if abs(value) >= 1e12:
            return f"{unit} {value / 1e12:,.1f} trillion"
        return f"{unit} {value / 1e9:,.1f} billion" if abs(value) >= 1e9 else f"{unit} {value:,.0f}"
    if unit == "km":
        return f"{value:,.0f} km"
    if unit == "yen per dollar":
        return f"¥{value:.1f} per dollar"
    if "CO2e" in unit:  # emissions: whole units from 100, else the precision a figure is read at
        if float(value).is_integer() or abs(value) >= 100:
            return f"{value:,.0f} {unit}"
        return f"{value:,.1f} {unit}" if abs(value) >= 10 else f"{value:,.2f} {unit}"
    if unit == "count":
        return "none" if int(value) == 0 else f"{int(value)}"
    return f"{value:,.2f} {unit}"


def _fmt_ja(value: float | int, unit: str) -> str:
    """Japanese forms: 1,400億円, 10兆円, 15万台, 3.2倍, 8.1ポイント (the usage of the Japanese press)."""
    if unit == "percent":
        return f"{value:.1f}%" if abs(value) < 10 else f"{value:.0f}%"
    if unit == "percentage points":
        return f"{value:.1f}ポイント"
    if unit == "year":
        return str(int(value))
    if unit == "years":
        return f"{int(value)}年"
    if unit == "times":
        return f"{value:.1f}倍" if value < 10 else f"{value:.0f}倍"
    if unit in ("vehicles", "units", "vehicles per year"):
        if abs(value) >= 1e4:
            man = value / 1e4
            return f"{man:,.1f}万台" if abs(man) < 10 else f"{man:,.0f}万台"
        return f"{value:,.0f}台"
    if unit == "USD":
        if abs(value) >= 1e8:
            oku = value / 1e8
            return f"{oku:,.1f}億ドル" if abs(oku) < 10 else f"{oku:,.0f}億ドル"
        return f"{value / 1e4:,.0f}万ドル"
    if unit == "JPY":
        if abs(value) >= 1e12:
            return f"{value / 1e12:,.0f}兆円"
        if abs(value) >= 1e8:
            return f"{value / 1e8:,.0f}億円"
        return f"{value:,.0f}円"
    if unit == "km":
        return f"{value:,.0f}km"
    if unit == "yen per dollar":
        return f"1ドル={value:.1f}円"
    if unit == "count":
        return f"{int(value)}"
    return f"{value:,.2f} {unit}"


def as_shown(value: float, places: int) -> float:
    """A value as a table prints it at `places` decimals, so that a difference quoted in the text is the
    difference of the numbers the reader sees (8.2 - 0.1, not the 8.149... of the unrounded values)."""
    return float(f"{value:.{places}f}")


def escape_md(text: str) -> str:
    """Text from data shown as text, never as markup.

    Markdown passes raw HTML through, so <, > and & become entities; Markdown's own marks (* _ [ ] ` # | ~ \\)
    are backslash-escaped, which CommonMark turns back into the plain characters.
    """
    return re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(str(text), quote=False))


class Facts(dict):
    """What an analysis found, for the notebook to word: Claims, names, years, citation marks.

    A fact the data do not give is None, so the notebook chooses the sentence for its absence. Read as
    attributes (f.share) or unpacked into a template (report.md("...{share}...", **f)).
    """

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no fact named {key!r}; facts here: {', '.join(self)}") from None


class Register:
    """The claims of one report, in the order the prose states them."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []

    def claim(self, kind: str, value, unit: str, dataset: str, **detail) -> Claim:
        """A number for the prose. `kind` and `detail` say how to recompute it from `dataset`."""
        name = ":".join(
            [
                kind,
                *(
                    str(v) if not isinstance(v, list | tuple) else "+".join(map(str, v))
                    for v in detail.values()
                ),
            ]
        )
        if value is None:
            raise ValueError(f"claim {name!r} has no value: the data do not cover it")
        value = float(value) if unit not in ("year", "years", "count") else int(value)
        return Claim(name, value, unit, dataset, fmt_value(value, unit), {"kind": kind, **detail})

    @staticmethod
    def fill(template: str, **values) -> str:
        """A template filled with facts, registering nothing (chart titles, alt text, captions)."""
        # text that is not a claim may come from data (a company name): shown as text, never markup
        safe = {
            k: v if isinstance(v, Claim | int | float) or v is None else escape_md(v)
            for k, v in values.items()
        }
        return template.format(**safe)

    def say(self, template: str, **values) -> str:
        """Fill a sentence; Claim values are registered with the sentence they appear in."""
        text = self.fill(template, **values)
        used = {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in Formatter().parse(template)
            if field
        }
        for key, value in values.items():
            if isinstance(value, Claim) and key in used:
                value.sentence = html.unescape(
                    re.sub(r"\\(.)", r"\1", text)
                )  # as the reader sees it
                same = [c for c in self.claims if c.name == value.name]
                if not same:
                    self.claims.append(value)
                elif abs(same[0].value - value.value) > 1e-9 * max(1.0, abs(value.value)):
                    raise ValueError(
                        f"claim {value.name!r} stated with two values: {same[0].value} and {value.value}"
                    )
        return text

    def as_json(self, stamp=None) -> list[dict]:
        """The claims as dicts; `stamp` (evbrief.data.clock.stamp) adds the clock of their rows."""
        out = [asdict(c) for c in self.claims]
        return stamp(out) if stamp is not None else out

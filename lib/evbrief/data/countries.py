"""ASEAN members, comparators and aggregates: one place that maps names to codes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pycountry

from evbrief.core import language

# ISO 3166-1 alpha-3 codes of the ten ASEAN member states (ASEAN Secretariat, asean.org).
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")

# Countries the briefing compares ASEAN with.
COMPARATORS = ("CHN", "JPN", "IND", "KOR", "USA")

# Aggregates are not ISO countries; their codes follow the OWID habit of a readable code.
AGGREGATES = {
    "WLD": "World",
    "EU27": "European Union",
    "SEA": "Southeast Asia",
}

# pycountry's official names are long; reports use the names readers expect.
SHORT_NAMES = {
    "LAO": "Laos",
    "VNM": "Vietnam",
    "KOR": "South Korea",
    "USA": "United States",
    "BRN": "Brunei",
    "COD": "DR Congo",
    "ROW": "Other countries",
}

REGION = "ASEAN"


class UnknownCountry(ValueError):
    """A name or code that is not an ASEAN member, comparator or aggregate we know."""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    is_asean: bool
    is_aggregate: bool


def name(code: str) -> str:
    """Display name for a code in the report's language, the same in every chart and sentence."""
    english = english_name(code)
    return language.t(english)  # English is the catalogue key, so it is its own form


def english_name(code: str) -> str:
    """The English name for a code (the key of the translations)."""
    code = code.upper()
    if code in AGGREGATES:
        return AGGREGATES[code]
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise UnknownCountry(f"unknown area code {code!r}")
    return getattr(country, "common_name", None) or country.name


def known_codes() -> tuple[str, ...]:
    return ASEAN + COMPARATORS + tuple(AGGREGATES)


def area(code: str) -> Area:
    code = code.upper()
    return Area(code, english_name(code), code in ASEAN, code in AGGREGATES)


def _aliases(code: str) -> set[str]:
    names = {code, english_name(code)}
    country = pycountry.countries.get(alpha_3=code)
    if country is not None:
        names |= {country.alpha_2, country.name}
        names |= {
            getattr(country, a) for a in ("common_name", "official_name") if hasattr(country, a)
        }
    return {n.casefold() for n in names}


def resolve_member(text: str) -> str:
    """ISO3 code of an ASEAN member from its name or code, or a clear error listing the members.

    Accepts ISO2/ISO3 codes and official, common and short names, case-insensitively, so that
    `-p country "Viet Nam"`, `-p country vietnam` and `-p country VNM` all work.
    """
    wanted = str(text).strip().casefold()
    for code in ASEAN:
        if wanted in _aliases(code):
            return code
    valid = ", ".join(f"{english_name(c)} ({c})" for c in ASEAN)
    names = [english_name(c) for c in ASEAN] + list(ASEAN)
    close = difflib.get_close_matches(str(text), names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise UnknownCountry(f"unknown ASEAN member {text!r}.{hint} Valid: {valid}.")


def resolve_focus(text: str) -> str:
    """'ASEAN' for the region, or a member's ISO3 code; the briefing's `focus` parameter."""
    if str(text).strip().casefold() in {"asean", "region", "southeast asia"}:
        return REGION
    try:
        return resolve_member(text)
    except UnknownCountry as exc:
        raise UnknownCountry(str(exc).replace("Valid: ", "Valid: ASEAN (the region), ")) from None

"""Notebook parameters: what each means, which values are allowed, and their checking.

Checked here, before any kernel starts, so that a typo costs a second and one clear line, not a
half-run notebook. The same name means the same thing in every notebook.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from evbrief.data import countries


class ParameterError(ValueError):
    """A parameter name or value that the notebook does not accept."""


@dataclass(frozen=True)
class Spec:
    help: str
    allowed: Callable[[], str]
    check: Callable[[Any], Any]


def _year_range() -> tuple[int, int]:
    from evbrief.data import tables as data

    years = data.load("ev_sales")["year"].astype(int)
    return int(years.min()), int(years.max())


#: Parameters whose default follows the data: left at the notebook's default (or given as
#: "latest"), end_year is the latest year in the data, so a refresh that moves it needs no edit.
FOLLOWS_DATA = {"end_year": "latest"}


def latest_year() -> int:
    """The latest year in the data (ev_sales): what end_year means unless it is given."""
    return _year_range()[1]


def did_you_mean(word: str, choices, n: int = 3) -> str:
    """' Did you mean X or Y?' for the closest few choices, or '' when none is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean " + (" or ".join(repr(c) for c in close)) + "?"


def _year(name: str):
    def check(value):
        if str(value).strip().lower() == "latest":
            return _year_range()[1]
        try:
            year = int(str(value))
        except ValueError:
            raise ParameterError(f"{name} must be a year (an integer), not {value!r}") from None
        first, last = _year_range()
        if not first <= year <= last:
            raise ParameterError(
                f"{name} = {year} is outside the data: choose a year from {first} to {last}"
            )
        return year

    return check


def _focus(value):
    try:
        return countries.resolve_focus(value)
    except countries.UnknownCountry as exc:
        raise ParameterError(f"focus: {exc}") from None


def _country(value):
    try:
        return countries.resolve_member(value)
    except countries.UnknownCountry as exc:
        raise ParameterError(f"country: {exc}") from None


def _scenario(value):
    from evbrief.analysis import scenarios

    names = scenarios.names()
    if str(value) not in names:
        raise ParameterError(f"unknown scenario {value!r}. Valid: {', '.join(names)}")
    return str(value)


def _draws(value):
    try:
        n = int(str(value))
    except ValueError:
        raise ParameterError(f"draws must be an integer, not {value!r}") from None
    if not 20 <= n <= 5000:
        raise ParameterError(f"draws = {n} is out of range: choose 20 to 5000")
    return n


def _overrides(value):
    import json

    from evbrief.analysis import scenarios

    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError:
            raise ParameterError(
                'overrides must be a JSON object, e.g. {"competition.pass_through": 1.0}'
            ) from None
    if not isinstance(value, dict):
        raise ParameterError(
            'overrides must be a JSON object, e.g. {"competition.pass_through": 1.0}'
        )
    _known_override_keys(value, scenarios.spec()["defaults"])
    try:
        scenarios.parameters(scenarios.names()[0], value)
    except scenarios.ScenarioError as exc:
        raise ParameterError(str(exc).replace("override: ", "overrides: ", 1)) from None
    return value


def _known_override_keys(value: dict, defaults: dict) -> None:
    """An unknown key is named with the closest few valid ones, not all of them."""
    valid = sorted(
        f"{section}.{field}"
        for section, fields in defaults.items()
        if isinstance(fields, dict)
        for field in fields
        if not field.endswith("_range")
    )
    for key, val in value.items():
        keys = [f"{key}.{k}" for k in val] if "." not in key and isinstance(val, dict) else [key]
        for full in keys:
            if full not in valid:
                hint = did_you_mean(full, valid) or f" Valid keys look like {valid[0]!r}."
                raise ParameterError(
                    f"overrides: unknown parameter {full!r}.{hint} "
                    "(`evbrief list` and scenarios.toml show all)"
                )


def _grid_path(value):
    from evbrief.analysis.emissions import SCENARIOS

    if str(value) not in SCENARIOS:
        raise ParameterError(f"unknown grid_path {value!r}. Valid: {', '.join(SCENARIOS)}")
    return str(value)


def _text(value):
    return str(value)


def _members() -> str:
    return "ASEAN or a member: " + ", ".join(countries.ASEAN)


def _years() -> str:
    first, last = _year_range()
    return f"{first}-{last}"


SPECS: dict[str, Spec] = {
    "focus": Spec("the region (ASEAN) or one member, by name or ISO3 code", _members, _focus),
    "country": Spec(
        "one ASEAN member, by name or ISO3 code", lambda: ", ".join(countries.ASEAN), _country
    ),
    "start_year": Spec("first year shown", _years, _year("start_year")),
    "end_year": Spec(
        "last year shown (the 'latest' year of the text); by default the latest year in the data",
        lambda: _years() + ' or "latest"',
        _year("end_year"),
    ),
    "scenario": Spec(
        "named scenario in scenarios.toml",
        lambda: ", ".join(__import__("evbrief.analysis.scenarios", fromlist=["names"]).names()),
        _scenario,
    ),
    "draws": Spec("Monte Carlo draws for the fan chart", lambda: "20-5000", _draws),
    "overrides": Spec(
        "scenario parameters to change, as JSON",
        lambda: "keys of scenarios.toml, e.g. competition.pass_through",
        _overrides,
    ),
    "grid_path": Spec(
        "the grid path to 2035 for the emissions comparison",
        lambda: ", ".join(
            __import__("evbrief.analysis.emissions", fromlist=["SCENARIOS"]).SCENARIOS
        ),
        _grid_path,
    ),
    "edition": Spec(
        "edition label shown in the title block (free text, e.g. 2026-11)",
        lambda: "any text",
        _text,
    ),
}


def check(notebook: str, declared: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The full, checked parameter set: defaults from the notebook, overridden by `given`."""
    unknown = [k for k in given if k not in declared]
    if unknown:
        valid = ", ".join(declared) or "(none)"
        raise ParameterError(
            f"{notebook} has no parameter {unknown[0]!r}.{did_you_mean(unknown[0], declared)} "
            f"Valid parameters: {valid}"
        )
    # a default that follows the data: the notebook's value only stands when it is given
    follow = {k: v for k, v in FOLLOWS_DATA.items() if k in declared and k not in given}
    values = {**declared, **follow, **given}
    checked = {}
    for name, value in values.items():
        spec = SPECS.get(name)
        checked[name] = spec.check(value) if spec else value
    if (
        "start_year" in checked
        and "end_year" in checked
        and checked["start_year"] > checked["end_year"]
    ):
        raise ParameterError(
            f"start_year ({checked['start_year']}) is after end_year ({checked['end_year']}): swap them"
        )
    return checked


def parameter_label(key: str) -> str:
    """How a scenario parameter is named for readers (scenarios.toml [parameter_labels])."""
    from evbrief.analysis import scenarios

    return scenarios.parameter_label(key)

"""A report's parameters as its readers read them, on its cover and on the landing page:
"Focus: Thailand · Scenario: stated policies · 2015–2025", never "focus = THA". The labels are
English keys with their forms in core/locale (language.t); read on the standard library and
pycountry alone, so the index of a render that changed nothing imports no pandas.
"""

from __future__ import annotations

from evbrief import PROJECT_ROOT
from evbrief.core import language

GRID_PATHS = {
    "held": "grid held at today's mix",
    "trend": "grid on its trend",
    "halved_2035": "grid intensity halved by 2035",
    "paris_1p5": "grid on a 1.5 °C path",
}
# printed on the cover under their own labels: the edition, and the handling line (author unit, status)
SCOPE_SKIPPED = ("edition", "author_unit", "status")


def _scenario_label(key: str) -> str:
    """The scenario's name in scenarios.toml, read without the model (the index imports no pandas)."""
    import tomllib

    try:
        with (PROJECT_ROOT / "scenarios.toml").open("rb") as f:
            return tomllib.load(f)["scenario"][key].get("label", key)
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return key.replace("_", " ")


def _place(code: str, lang: str) -> str:
    from evbrief.data import countries

    if str(code).upper() in countries.known_codes():
        return language.t(countries.english_name(str(code)), lang)
    return language.t(str(code), lang) if str(code) == "ASEAN" else str(code)


def scope(parameters: dict, lang: str = "en") -> str:
    """The parameters as a reader reads them: "Focus: Thailand · Scenario: stated policies · 2015–2025"."""
    p = {k: v for k, v in parameters.items() if v not in ("", None, {}) and k not in SCOPE_SKIPPED}
    t = language.t

    def said(label: str, value) -> str:
        return t("{label}: {value}", lang).format(label=t(label, lang), value=value)

    parts = []
    if "focus" in p:
        parts.append(said("Focus", _place(p.pop("focus"), lang)))
    if "country" in p:
        parts.append(said("Country", _place(p.pop("country"), lang)))
    if "scenario" in p:
        name = t(_scenario_label(str(p.pop("scenario"))), lang)
        lower = language.locale(lang).grammar.get("lower_labels", False)
        name = name[:1].lower() + name[1:] if lower and name[1:2].islower() else name
        parts.append(said("Scenario", name))
    start, end = p.pop("start_year", None), p.pop("end_year", None)
    if start and end:
        parts.append(t("{start}–{end}", lang).format(start=start, end=end))
    elif end:
        parts.append(t("to {end}", lang).format(end=end))
    if "grid_path" in p:
        grid = str(p.pop("grid_path"))
        parts.append(t(GRID_PATHS[grid], lang) if grid in GRID_PATHS else grid)
    if "draws" in p:
        parts.append(t("{n} draws of the uncertain inputs", lang).format(n=p.pop("draws")))
    if "overrides" in p:
        from evbrief.document.parameters import parameter_label

        changed = "; ".join(
            f"{parameter_label(k).lower()} {v}" for k, v in p.pop("overrides").items()
        )
        parts.append(said("Changed", changed))
    if "previous" in p:
        parts.append(said("Compared with", p.pop("previous")))
    parts += [f"{k.replace('_', ' ')}: {v}" for k, v in p.items()]
    return " · ".join(parts)

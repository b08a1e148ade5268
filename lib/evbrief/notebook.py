"""Opening a report from a notebook: check the parameters (as the CLI does) and write the title block."""

from __future__ import annotations

from . import parameters
from .context import Context
from .report import Report

TITLES = {
    "briefing": (
        "Japan, ASEAN and China's electric-vehicle lead: {where}",
        "A policy briefing on the Japan–ASEAN automotive strategy, from sourced data",
    ),
    "ev_adoption": (
        "How fast is {where} electrifying?",
        "Electric-car sales shares against China, Japan and the world; BEV and PHEV; years behind China",
    ),
    "brand_competition": (
        "Japanese and Chinese brands in {where}",
        "Sales shares by brand origin, overall and in the electric segment",
    ),
    "supply_chain": (
        "Plants and battery minerals in {where}",
        "Vehicle, battery and battery-material plants by origin; mine production and reserves",
    ),
    "funding": (
        "What Japan's money buys",
        "Public and corporate commitments in yen and dollars, beside the scale of what they target",
    ),
    "changes": (
        "What changed since the last edition",
        "Numbers that moved, figures the sources revised, new and dropped data, key messages",
    ),
    "scenarios": (
        "{where} to 2035: {scenario}",
        "Electric-car share and the Japanese–Chinese split of the electric market under stated assumptions",
    ),
}


def start(name: str, **given) -> tuple[Report, Context]:
    """Check a notebook's parameters with the same rules as `evbrief render`, then open its report."""
    # every value here was set in the notebook or injected by the render: all count as given
    checked = parameters.check(name, dict(given), dict(given))
    ctx = Context(
        focus=checked.get("focus", "ASEAN"),
        start_year=checked.get("start_year", 2015),
        end_year=checked.get("end_year") or parameters.latest_year(),
        scenario=checked.get("scenario", "stated_policies"),
    )
    where = "ASEAN" if ctx.is_region else ctx.focus_name
    title, subtitle = TITLES[name]
    shown = {k: v for k, v in checked.items() if not (k in ("edition", "overrides") and not v)}
    from .scenarios import label

    rep = Report(
        name,
        shown,
        title=title.format(where=where, scenario=label(ctx.scenario)),
        subtitle=subtitle,
    )
    rep.header()
    return rep, ctx

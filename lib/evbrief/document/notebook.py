"""Opening a report from a notebook: check the parameters (as the CLI does) and write the title block."""

from __future__ import annotations

from evbrief.core import language
from evbrief.document import parameters
from evbrief.document.context import Context
from evbrief.document.report import Report

# titles of the notebooks that do not word their own (the notebook's title= and subtitle= win)
TITLES = {
    "changes": (
        "What changed since the last edition",
        "Numbers that moved, figures the sources revised, new and dropped data, key messages",
    ),
    "scenarios": (
        "{where} to 2035: {scenario}",
        "Electric-car share and the Japanese–Chinese split of the electric market",
    ),
}


def start(
    name: str,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    contents_in_print: bool = True,
    **given,
) -> tuple[Report, Context]:
    """Check a notebook's parameters with the same rules as `evbrief render`, then open its report.

    The title and subtitle are worded in the notebook; {where} names the focus and {scenario} the
    scenario, in the report's language.
    """
    # a notebook named <report>_<code> is written in the language of locale/<code>.toml
    language.use(language.for_notebook(name))
    # every value here was set in the notebook or injected by the render: all count as given
    checked = parameters.check(name, dict(given), dict(given))
    ctx = Context(
        focus=checked.get("focus", "ASEAN"),
        start_year=checked.get("start_year", 2015),
        # a notebook without an end_year does not read ev_sales for it (the manifest records what it reads)
        end_year=checked.get("end_year")
        or (parameters.latest_year() if "end_year" in checked else 2025),
        scenario=checked.get("scenario", "stated_policies"),
    )
    where = language.t("ASEAN") if ctx.is_region else ctx.focus_name
    if title is None:
        title, subtitle = TITLES[name]
    shown = {k: v for k, v in checked.items() if not (k in ("edition", "overrides") and not v)}
    from evbrief.analysis.scenarios import label

    scenario = label(ctx.scenario)
    if checked.get("overrides"):
        from evbrief.analysis.scenarios import parameter_label

        scenario += ", with " + "; ".join(
            f"{parameter_label(k).lower()} = {v}" for k, v in checked["overrides"].items()
        )
    rep = Report(
        name,
        shown,
        title=title.format(where=where, scenario=scenario),
        subtitle=(subtitle or "").format(where=where, scenario=scenario),
    )
    rep.print_contents = contents_in_print
    rep.header()
    return rep, ctx

"""One ASEAN member on one page: market, adoption, brands, plants, policies and minerals."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import tables as data
from evbrief.document.context import Context
from evbrief.document.report import Report
from evbrief.sections import adoption, supply


def start(
    country: str, start_year: int = 2015, end_year: int = 2025, edition: str = ""
) -> tuple[Report, Context]:
    """Open a member's profile (its title is labelled in the report's language)."""
    from evbrief.core import language
    from evbrief.document import parameters

    language.use("en")
    checked = parameters.check(
        "country_profile", {"country": country, "start_year": start_year, "end_year": end_year}, {}
    )
    ctx = Context(
        focus=checked["country"], start_year=checked["start_year"], end_year=checked["end_year"]
    )
    params = {"country": ctx.focus, "start_year": ctx.start_year, "end_year": ctx.end_year}
    if edition:
        params["edition"] = edition
    rep = Report(
        "country_profile",
        params,
        title=t("Country profile: {name}").format(name=ctx.focus_name),
        subtitle=t(
            "Cars, electrification, brands, plants, policies and minerals, from sourced data"
        ),
    )
    return rep, ctx


def adoption_published(ctx: Context) -> bool:
    """Whether the IEA publishes an electric-car series for the member."""
    return metrics.latest_share(adoption.load(ctx), ctx.focus, ctx.end_year) is not None


def policies_table(rep: Report, ctx: Context, *, caption: str) -> bool:
    """The member's policies in date order; False where the timeline holds none."""
    po = data.load("policies")
    rows = po[po["area"] == ctx.focus].copy()
    if rows.empty:
        return False
    rows = rows.sort_values("date", na_position="last")
    table = rows[["date", "policy_type", "title"]].fillna({"date": t("undated")})
    table["policy_type"] = table["policy_type"].map(lambda v: t(v.replace("_", " ")))
    table.columns = [t("Date"), t("Kind"), t("Policy")]
    rep.table(table, caption=caption, table="policies")
    return True


def _mineral_rows(ctx: Context, year: int) -> list[dict]:
    mu = data.load("minerals_usgs")
    local = mu[(mu["area"] == ctx.focus) & (mu["year"] == year)]
    rows = []
    for (mineral, measure), _ in local.groupby(["mineral", "measure"]):
        shares = metrics.mineral_shares(mu, mineral, measure, year)
        rows.append(
            {
                "mineral": mineral,
                "measure": measure,
                "share": metrics.group_share(shares, [ctx.focus]),
            }
        )
    return rows


def minerals_facts(rep: Report, ctx: Context, year: int = 2024) -> Facts:
    """The member's largest stake in a battery mineral; share is None where USGS lists none."""
    rows = _mineral_rows(ctx, year)
    if not rows:
        return Facts(focus=ctx.focus_name, share=None, year=year)
    top = max(rows, key=lambda r: r["share"])
    mu = data.load("minerals_usgs")
    return Facts(
        focus=ctx.focus_name,
        mineral=t(supply.MINERALS[top["mineral"]]).lower(),
        measure=t(top["measure"].replace("_", " ")),
        share=supply.mineral_share_claim(
            rep, mu, top["mineral"], [ctx.focus], year, top["measure"]
        ),
        year=year,
        cite=rep.source("minerals_usgs"),
    )


def minerals_table(rep: Report, ctx: Context, *, caption: str, year: int = 2024) -> None:
    rows = _mineral_rows(ctx, year)
    table = pd.DataFrame(
        {
            t("Mineral"): [t(supply.MINERALS[r["mineral"]]) for r in rows],
            t("Measure"): [t(r["measure"].replace("_", " ")) for r in rows],
            t("World share (%)"): [r["share"] for r in rows],
        }
    )
    rep.table(table, caption=caption.format(year=year), table="minerals_usgs")

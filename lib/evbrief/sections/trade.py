"""Host-country policy and trade: the incentives, local-content deadlines and tariff regimes that
decide where cars for ASEAN are built, and the measures abroad that push Chinese exports this way."""

from __future__ import annotations

import pandas as pd

from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.context import Context
from evbrief.document.report import Report

HOST_KINDS = ("incentive", "tariff", "local_content", "offset_obligation", "target", "trade")
ABROAD = ("USA", "EU27")
REGIONAL = "SEA"  # regional trade regimes (ACFTA, RCEP) are recorded for Southeast Asia as a whole


def host_rows(ctx: Context) -> pd.DataFrame:
    """The focus members' own measures, newest first within each member."""
    po = data.load("policies")
    rows = po[po["area"].isin(ctx.members) & po["policy_type"].isin(HOST_KINDS)].copy()
    rows["sort"] = rows["date"].astype(str).str[:10]
    return rows.sort_values(["area", "sort"], ascending=[True, False])


def host_table(rep: Report, ctx: Context, *, caption: str, per_member: int = 6) -> None:
    rows = host_rows(ctx).groupby("area").head(per_member)
    table = pd.DataFrame(
        {
            t("Country"): rows["area"].map(countries.name),
            t("Date"): rows["date"].map(language.date),
            t("Kind"): rows["policy_type"].map(lambda v: t(v.replace("_", " "))),
            t("Measure"): rows["title"].map(lambda v: language.text("policies", v)),
        }
    )
    rep.table(table, caption=caption, table="policies", compact=True)


def trade_facts(rep: Report, ctx: Context) -> Facts:
    """Measures abroad (US, EU) and regional regimes, as the register states them.

    us, eu and regional are None where the register holds no such measure.
    """
    po = data.load("policies")

    def latest(rows: pd.DataFrame):
        rows = rows.assign(sort=rows["date"].astype(str)).sort_values("sort")
        return rows.iloc[-1] if not rows.empty else None

    us = latest(po[(po["area"] == "USA") & (po["policy_type"] == "trade")])
    eu = latest(po[(po["area"] == "EU27") & (po["policy_type"] == "trade")])
    regional = po[(po["area"] == REGIONAL) & (po["policy_type"] == "trade")]
    ids = set()
    for row in (us, eu):
        if row is not None:
            ids |= set(row["source_id"].split(";"))
    ids |= set(regional["source_id"].str.split(";").explode())
    return Facts(
        us=language.text("policies", us["title"]) if us is not None else None,
        us_date=language.date(us["date"]) if us is not None else None,
        eu=language.text("policies", eu["title"]) if eu is not None else None,
        eu_date=language.date(eu["date"]) if eu is not None else None,
        regional=language.text("policies", regional["title"].iloc[0])
        if not regional.empty
        else None,
        focus=ctx.focus_name,
        host_measures=len(host_rows(ctx)),
        cite=rep.source(("policies", sorted(ids))),
    )

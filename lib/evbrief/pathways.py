"""The pathways Japan argues for, measured: hybrids in the sales mix, emissions per km by pathway and
grid, and the biofuel blends each member mandates.

The electrified share counts full hybrids (HEV), plug-in hybrids (PHEV) and battery cars (BEV); the
plug-in share counts PHEV and BEV only, as the IEA's electric-car share does. A share is taken from
one source's rows for one market, year, scope and measure: as the source published it (an xEV share)
or as the parts over the total that the same source gives. Sources are never mixed in one figure.
"""

from __future__ import annotations

import pandas as pd

from . import biofuels, countries, data, emissions
from .claims import Facts
from .language import t
from .report import Report

ELECTRIFIED = ("HEV", "hybrid", "PHEV", "BEV")
PLUG_IN = ("PHEV", "BEV")
# what a share counts, as an adjective for "sales"
SCOPES = {
    "passenger_cars": "passenger-car",
    "all_vehicles": "new-vehicle",
    "light_vehicles": "light-vehicle",
}
# a full year, else a period of at least half a year from January, stated as the source states it
PERIODS = {
    "CY": 12,
    "H1": 6,
    "Jan-Jun": 6,
    "Jan-Jul": 7,
    "Jan-Aug": 8,
    "Jan-Sep": 9,
    "Jan-Oct": 10,
    "Jan-Nov": 11,
}


def _groups(area: str) -> pd.DataFrame:
    ps = data.load("powertrain_sales")
    return ps[(ps["area"] == area) & ps["period"].isin(PERIODS)]


def _share(
    rows: pd.DataFrame, parts: tuple[str, ...], published: str | None
) -> tuple[float, str] | None:
    """(share %, how) from one source's rows: a published share of `published`, else parts / total."""
    if published:
        pub = rows[(rows["powertrain"] == published) & rows["share_pct"].notna()]
        if len(pub) == 1:
            return float(pub["share_pct"].iloc[0]), "published"
    total = rows[(rows["powertrain"] == "total") & rows["units"].notna()]
    got = rows[rows["powertrain"].isin(parts) & rows["units"].notna()]
    present = set(got["powertrain"])
    if parts == ELECTRIFIED:
        complete = "BEV" in present and bool(present & {"HEV", "hybrid"})
    else:
        complete = {"BEV", "PHEV"} <= present
    if len(total) == 1 and complete:
        return float(got["units"].sum()) / float(total["units"].iloc[0]) * 100, "parts"
    if published and len(total) == 1:
        units = rows[(rows["powertrain"] == published) & rows["units"].notna()]
        if len(units) == 1:
            return float(units["units"].iloc[0]) / float(total["units"].iloc[0]) * 100, "units"
    return None


def latest_share(area: str, which: str) -> dict | None:
    """The newest full-year electrified ("xEV") or plug-in share of one market, from one source."""
    parts, published = (ELECTRIFIED, "xEV") if which == "electrified" else (PLUG_IN, None)
    rows = _groups(area)
    keys = ["year", "period", "scope", "measure", "source_id"]
    found = []
    for key, group in rows.groupby(keys):
        share = _share(group, parts, published)
        if share is not None:
            found.append({**dict(zip(keys, key, strict=True)), "share": share[0], "how": share[1]})
    if not found:
        return None
    # newest year; within it the longest period, passenger cars before all vehicles (the IEA's scope)
    found.sort(
        key=lambda f: (
            -int(f["year"]),
            -PERIODS[f["period"]],
            f["scope"] != "passenger_cars",
            f["source_id"],
        )
    )
    return found[0]


def _share_claim(rep: Report, area: str, which: str):
    found = latest_share(area, which)
    if found is None:
        return None, None
    claim = rep.claims.claim(
        f"{which}_share",
        found["share"],
        "percent",
        "powertrain_sales",
        area=area,
        year=int(found["year"]),
        period=found["period"],
        scope=found["scope"],
        measure=found["measure"],
        source_id=found["source_id"],
    )
    return claim, found


def hybrid_origin(area: str) -> pd.Series | None:
    """The newest published Japanese share of a market's hybrid sales (any period, as published)."""
    bs = data.load("brand_shares")
    rows = bs[
        (bs["area"] == area)
        & (bs["segment"] == "hev")
        & (bs["group_type"] == "origin")
        & (bs["group"] == "japanese")
        & bs["share_pct"].notna()
    ]
    if rows.empty:
        return None
    return rows.sort_values("year").iloc[-1]


def powertrain_facts(rep: Report, area: str) -> Facts:
    """Electrified (with hybrids) and plug-in shares of new sales, and Japan's share of hybrids.

    Each is None where no source publishes it; scope and measure say what was counted.
    """
    from .competition import origin_claim, when

    electrified, e = _share_claim(rep, area, "electrified")
    plug_in, p = _share_claim(rep, area, "plug_in")
    japanese = hybrid_origin(area)
    ids = {f["source_id"] for f in (e, p) if f}
    if japanese is not None:
        ids |= set(japanese["source_id"].split(";"))
    return Facts(
        market=countries.name(area),
        electrified=electrified,
        electrified_when=when(pd.Series(e)) if e else None,
        electrified_scope=t(SCOPES.get(e["scope"], e["scope"])) if e else None,
        plug_in=plug_in,
        plug_in_when=when(pd.Series(p)) if p else None,
        japanese_hybrids=origin_claim(rep, japanese, area) if japanese is not None else None,
        japanese_when=when(japanese) if japanese is not None else None,
        cite=rep.source(
            *(
                ("powertrain_sales", [i])
                for i in sorted(ids)
                if i in data.sources("powertrain_sales")
            ),
            *(("brand_shares", [i]) for i in sorted(ids) if i in data.sources("brand_shares")),
        ),
    )


def emissions_facts(rep: Report, area: str) -> Facts:
    """A battery car against a hybrid on the member's grid: life-cycle gCO2e/km of a car bought in
    the latest year of grid data, the grid threshold below which the battery car wins, and the first
    year it wins on the member's own trend (None if not by 2035)."""
    latest = emissions.latest_grid(area)
    if latest is None:
        return Facts(market=countries.name(area), bev=None)
    year = latest[0]
    crossover = emissions.crossover_year(area, "trend")
    return Facts(
        market=countries.name(area),
        year=year,
        grid=emissions.grid_claim(rep, area, year),
        bev=emissions.lifecycle_claim(rep, area, year, "BEV", "held"),
        hev=emissions.lifecycle_claim(rep, area, year, "HEV", "held"),
        threshold=emissions.crossover_grid_claim(rep),
        bev_wins=emissions.lifecycle_value(area, year, "BEV", "held")
        < emissions.lifecycle_value(area, year, "HEV", "held"),
        crossover=emissions.crossover_year_claim(rep, area, "trend") if crossover else None,
        cite=rep.source("grid_intensity", "lifecycle_parameters"),
    )


def mandate_facts(rep: Report, area: str, as_of: str) -> Facts:
    """The ethanol and biodiesel blends in force in a member on a date (None where none is)."""
    return Facts(
        market=countries.name(area),
        as_of=as_of,
        year=int(as_of[:4]),
        ethanol=biofuels.mandate_claim(rep.claims, area, "ethanol", as_of),
        biodiesel=biofuels.mandate_claim(rep.claims, area, "biodiesel", as_of),
        cite=rep.source("biofuel_mandates"),
    )

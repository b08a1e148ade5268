"""The Japan–ASEAN automotive strategy itself: the dated record of the co-creation work.

The record is the Japan–ASEAN rows of data/policies.csv (area JPN: meetings, plans, partnerships), so
the timeline grows with the register and every line of it is sourced.
"""

from __future__ import annotations

import pandas as pd

from . import countries, data, language
from .claims import Facts
from .language import t
from .report import Report

KINDS = ("meeting", "target", "partnership")
SINCE = "2023-08"  # the AEM–METI co-creation vision opens the record of the automotive work
OTHER_TRACKS = r"AZEC"  # the zero-emission community is a separate, energy track


def events() -> pd.DataFrame:
    """The dated Japan–ASEAN automotive events, oldest first."""
    po = data.load("policies")
    rows = po[(po["area"] == "JPN") & po["policy_type"].isin(KINDS) & po["date"].notna()].copy()
    rows = rows[(rows["date"].astype(str) >= SINCE) & ~rows["title"].str.contains(OTHER_TRACKS)]
    return rows.sort_values("date").reset_index(drop=True)


def timeline_facts(rep: Report) -> Facts:
    """First and latest events, and the latest AEM–METI consultations."""
    rows = events()
    aem = rows[rows["title"].str.contains("AEM-METI")]
    ids = sorted(set(rows["source_id"].str.split(";").explode()))
    return Facts(
        events=len(rows),
        first=language.date(rows["date"].iloc[0]),
        first_event=rows["title"].iloc[0],
        latest=language.date(rows["date"].iloc[-1]),
        latest_event=rows["title"].iloc[-1],
        latest_aem=language.date(aem["date"].iloc[-1]) if not aem.empty else None,
        cite=rep.source(("policies", ids)),
    )


def timeline_table(rep: Report, *, caption: str) -> None:
    rows = events()
    table = pd.DataFrame(
        {
            t("Date"): rows["date"].map(language.date),
            t("What happened"): rows["title"],
        }
    )
    rep.table(table, caption=caption, table="policies")


# --- asks and offers ---------------------------------------------------------------------------------


def _latest_rule(area: str, kinds: tuple[str, ...]) -> pd.Series | None:
    po = data.load("policies")
    rows = po[(po["area"] == area) & po["policy_type"].isin(kinds)].copy()
    if rows.empty:
        return None
    rows["sort"] = rows["date"].astype(str).str[:10].replace({"nan": "", "<NA>": ""})
    return rows.sort_values("sort").iloc[-1]


def asks_and_offers(rep: Report, ctx) -> list[Facts]:
    """What the focus can ask of its partners and offer them, each only where the data support it.

    Every item carries the claims it rests on; `key` names the item so that the notebook words it, and
    `side` says who asks or offers. For the region, the items are Japan's (the convenor's) to make.
    """
    from . import metrics, partners, supply
    from .competition import MAIN_SEGMENT, origin_claim, when

    items: list[Facts] = []
    plants = data.load("plants")
    bs = data.load("brand_shares")
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    focus_areas = [ctx.focus] if not ctx.is_region else ["THA", "IDN"]
    for area in focus_areas:
        name = countries.name(area)
        jp_cap = partners.capacity_claim(rep, [area], "japanese")
        cn_cap = partners.capacity_claim(rep, [area], "chinese")
        rule = _latest_rule(area, ("offset_obligation", "local_content"))
        share = metrics.latest_origin_share(
            bs, area, "japanese", MAIN_SEGMENT.get(area, "all_vehicles")
        )
        if jp_cap.value and rule is not None and share is not None:
            items.append(
                Facts(
                    key="localise",
                    side="ask_japan" if not ctx.is_region else "offer_japan",
                    market=name,
                    capacity=jp_cap,
                    chinese_capacity=cn_cap,
                    share=origin_claim(rep, share, area),
                    when=when(share),
                    rule=rule["title"],
                    rule_date=language.date(rule["date"]),
                    cite=rep.source(
                        "plants",
                        ("brand_shares", share["source_id"].split(";")),
                        ("policies", rule["source_id"].split(";")),
                    ),
                )
            )
        nickel = supply.mineral_share_claim(rep, mu, "nickel", [area], year)
        if nickel.value >= 5:
            items.append(
                Facts(
                    key="processing",
                    side="ask_japan" if not ctx.is_region else "offer_japan",
                    market=name,
                    nickel=nickel,
                    year=year,
                    chinese=supply.plants_count_claim(
                        rep, plants, [area], "chinese", "battery_materials"
                    ),
                    japanese=supply.plants_count_claim(
                        rep, plants, [area], "japanese", "battery_materials"
                    ),
                    total=supply.plants_count_claim(
                        rep, plants, [area], "all", "battery_materials"
                    ),
                    cite=rep.source("minerals_usgs", "plants"),
                )
            )
    meti = partners.stated_conversion(rep, "C01")
    items.append(
        Facts(key="training", side="ask_japan" if not ctx.is_region else "offer_japan", **meti)
    )
    sales = _market(rep, ctx)
    if sales is not None:
        items.append(sales)
    return items


def _market(rep: Report, ctx) -> Facts | None:
    """The focus market's size, which a member offers to partners that build there."""
    from .market import sales_totals

    sales = sales_totals()
    areas = list(ctx.members)
    rows = sales[sales["area"].isin(areas)]
    if rows.empty:
        return None
    year = int(rows["year"].max())
    reporting = sorted(rows[rows["year"] == year]["area"])
    total = int(rows[rows["year"] == year]["units"].sum())
    return Facts(
        key="market",
        side="offer_member" if not ctx.is_region else "ask_asean",
        market=ctx.focus_name,
        sales=rep.claims.claim(
            "vehicle_sales_sum", total, "vehicles", "vehicle_market", areas=reporting, year=year
        ),
        year=year,
        cite=rep.source("vehicle_market"),
    )

"""The Japan–ASEAN automotive strategy itself: the dated record of the co-creation work.

The record is the Japan–ASEAN rows of data/policies.csv (area JPN: meetings, plans, partnerships), so
the timeline grows with the register and every line of it is sourced.
"""

from __future__ import annotations

import pandas as pd

from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.report import Report

KINDS = ("meeting", "target", "partnership")
SINCE = "2023-08"  # the AEM–METI co-creation vision opens the record of the automotive work
# the automotive track: the consultations and plans that name cars, vehicles or the co-creation work
AUTOMOTIVE = r"(?i)auto|vehicle|co-creation|AEM-METI|working groups"


def events() -> pd.DataFrame:
    """The dated Japan–ASEAN automotive events, oldest first."""
    po = data.load("policies")
    rows = po[(po["area"] == "JPN") & po["policy_type"].isin(KINDS) & po["date"].notna()].copy()
    rows = rows[(rows["date"].astype(str) >= SINCE) & rows["title"].str.contains(AUTOMOTIVE)]
    return rows.sort_values("date").reset_index(drop=True)


def timeline_facts(rep: Report) -> Facts:
    """First and latest events, and the latest AEM–METI consultations."""
    rows = events()
    aem = rows[rows["title"].str.contains("AEM-METI")]
    ids = sorted(set(rows["source_id"].str.split(";").explode()))
    return Facts(
        events=rep.claims.claim(
            "policy_events",
            len(rows),
            "count",
            "policies",
            area="JPN",
            since=SINCE,
            kinds=list(KINDS),
            pattern=AUTOMOTIVE,
        ),
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
    rep.table(table, caption=caption, table="policies", compact=True)


# --- asks and offers ---------------------------------------------------------------------------------


def _latest_rule(area: str, kinds: tuple[str, ...]) -> pd.Series | None:
    po = data.load("policies")
    rows = po[(po["area"] == area) & po["policy_type"].isin(kinds) & po["date"].notna()].copy()
    if rows.empty:
        return None
    rows["sort"] = rows["date"].astype(str).str[:10]
    return rows.sort_values("sort").iloc[-1]


def asks_and_offers(rep: Report, ctx) -> list[Facts]:
    """What the focus can ask of its partners and offer them, each only where the data support it.

    Every item carries the claims it rests on; `key` names the item so that the notebook words it, and
    `side` says who asks or offers. For the region, the items are Japan's (the convenor's) to make.
    """
    from evbrief.analysis import metrics
    from evbrief.sections import partners, pathways, supply
    from evbrief.sections.competition import MAIN_SEGMENT, origin_claim, when

    items: list[Facts] = []
    plants = data.load("plants")
    bs = data.load("brand_shares")
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    japan_side = "offer_japan" if ctx.is_region else "ask_japan"  # the region's edition is Japan's
    for area in [ctx.focus] if not ctx.is_region else ["THA", "IDN"]:
        name = countries.name(area)
        jp_cap = partners.capacity_claim(rep, [area], "japanese")
        cn_cap = partners.capacity_claim(rep, [area], "chinese")
        rule = _latest_rule(area, ("offset_obligation", "local_content"))
        share = metrics.latest_origin_share(
            bs, area, "japanese", MAIN_SEGMENT.get(area, "all_vehicles")
        )
        first_of_kind = not any(i.key == "localise" for i in items)
        if jp_cap.value and rule is not None and share is not None and first_of_kind:
            items.append(
                Facts(
                    key="localise",
                    side=japan_side,
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
                    side=japan_side,
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
    items.append(Facts(key="training", side=japan_side, **meti))
    if ctx.is_region:
        hybrids = pathways.powertrain_facts(rep, "THA")
        if hybrids.electrified is not None and hybrids.plug_in is not None:
            items.append(Facts(key="hybrids", side="ask_asean", **hybrids))
    else:
        sales = _market(rep, ctx)
        if sales is not None:
            items.append(sales)
    return items


def _market(rep: Report, ctx) -> Facts | None:
    """The focus market's size, which a member offers to partners that build there."""
    from evbrief.sections.market import sales_totals

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


# --- the four pillars --------------------------------------------------------------------------------

# Kishida's pledge of 23 May 2024: with ASEAN, 100,000 highly skilled digital professionals (AI, semiconductors)
TRAINING_TARGET = "T03"
WORKFORCE_SCOPES = ("automotive_industry", "automotive_value_chain", "vehicle_assembly")


def _source_ids(table: str, row_id: str) -> list[str]:
    rows = data.load(table).set_index("programme_id")
    return str(rows.loc[row_id, "source_id"]).split(";")


def pillars_facts(rep: Report, ctx) -> Facts:
    """One number per pillar for the focus: training, decarbonised production, minerals, biofuels.

    The region is read through its two largest producers (Thailand for the grid, Indonesia for nickel
    and biodiesel); a member through itself. A pillar with no figure for the focus is None.
    """
    from evbrief.analysis import metrics, training
    from evbrief.sections import pathways, supply

    grid_area = "THA" if ctx.is_region else ctx.focus
    fuel_area = "IDN" if ctx.is_region else ctx.focus
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    facts = Facts(focus=ctx.focus_name)
    # training: Japan's training pledge as its source words it. The Global South budget is never divided
    # by one member's workforce (a ratio of aggregates of different coverage)
    facts["training"] = Facts(
        target=training.programme_claim(rep.claims, TRAINING_TARGET),
        cite=rep.source(
            ("training_programmes", _source_ids("training_programmes", TRAINING_TARGET))
        ),
    )
    facts["production"] = pathways.emissions_facts(rep, grid_area)
    # a member that USGS does not list as a producer gets None, not 0%: the list names the main
    # producers and puts the rest under "other countries"
    mined = metrics.mineral_table(mu, "nickel", "mine_production", year)
    listed = ctx.is_region or bool((mined["area"] == ctx.focus).any())
    facts["minerals"] = Facts(
        area=countries.name(fuel_area) if not ctx.is_region else t("ASEAN"),
        nickel=supply.mineral_share_claim(
            rep, mu, "nickel", countries.ASEAN if ctx.is_region else [ctx.focus], year
        )
        if listed
        else None,
        asean=supply.mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year),
        year=year,
        cite=rep.source("minerals_usgs"),
    )
    facts["biofuels"] = pathways.mandate_facts(rep, fuel_area, f"{ctx.end_year}-12-31")
    return facts


# --- what to watch -----------------------------------------------------------------------------------


def watch_facts(rep: Report, ctx) -> list[Facts]:
    """For each policy option: the indicator's current value, a threshold from the data, a date.

    Thresholds are published figures (the IEA's 2035 outlook, a share already reached, a rule's
    deadline), never targets of our own; `key` names the option so that the notebook words it.
    """
    from evbrief.analysis import metrics
    from evbrief.sections import partners, pathways, supply
    from evbrief.sections.competition import MAIN_SEGMENT, origin_claim, when

    area = "THA" if ctx.is_region else ctx.focus
    ev = data.load("ev_sales")
    out = []
    point = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    iea = data.load("ev_outlook_iea")
    steps = iea[(iea["area"] == "SEA") & (iea["scenario"] == "STEPS")]
    if point is not None and not steps.empty:
        out.append(
            Facts(
                key="train",
                market=ctx.focus_name,
                now=rep.claims.claim(
                    "ev_share", point.value, "percent", "ev_sales", area=point.area, year=point.year
                ),
                now_year=point.year,
                threshold=rep.claims.claim(
                    "iea_outlook",
                    float(steps["sales_share_pct"].iloc[0]),
                    "percent",
                    "ev_outlook_iea",
                    area="SEA",
                    year=int(steps["year"].iloc[0]),
                    scenario="STEPS",
                ),
                by=int(steps["year"].iloc[0]),
                cite=rep.source("ev_sales", "ev_outlook_iea"),
            )
        )
    bs = data.load("brand_shares")
    rows = metrics.origin_shares(bs, area, MAIN_SEGMENT.get(area, "all_vehicles"), ("japanese",))
    if len(rows) >= 2:
        first, last = rows.iloc[0], rows.iloc[-1]
        out.append(
            Facts(
                key="prices",
                market=countries.name(area),
                now=origin_claim(rep, last, area),
                now_when=when(last),
                threshold=origin_claim(rep, first, area),
                threshold_when=when(first),
                by=int(last["year"]) + 1,
                cite=rep.source("brand_shares"),
            )
        )
    plants = data.load("plants")
    idn_rule = _latest_rule("IDN", ("local_content", "offset_obligation"))
    if ctx.is_region or ctx.focus == "IDN":
        out.append(
            Facts(
                key="nickel",
                now=supply.plants_count_claim(
                    rep, plants, ["IDN"], "japanese", "battery_materials"
                ),
                chinese=supply.plants_count_claim(
                    rep, plants, ["IDN"], "chinese", "battery_materials"
                ),
                rule=idn_rule["title"] if idn_rule is not None else None,
                by=language.date(idn_rule["date"]) if idn_rule is not None else None,
                cite=rep.source("plants", "policies"),
            )
        )
    rule = _latest_rule(area, ("offset_obligation", "local_content"))
    if rule is not None:
        out.append(
            Facts(
                key="assembly",
                market=countries.name(area),
                now=partners.capacity_claim(rep, [area], "chinese"),
                japanese=partners.capacity_claim(rep, [area], "japanese"),
                rule=rule["title"],
                by=language.date(rule["date"]),
                cite=rep.source("plants", ("policies", rule["source_id"].split(";"))),
            )
        )
    electrified = pathways.powertrain_facts(rep, area)
    if electrified.electrified is not None:
        out.append(Facts(key="hybrids", **electrified))
    return out

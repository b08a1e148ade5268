"""Like with like: public money beside public money, corporate capital by origin, capacity beside
market share, and each partner's approach to the region.

Public budgets, loans and guarantees are not summed with each other or with private capital: a
budget is not a loan, and neither is a factory. Each is stated in its own currency with the rate used
to convert it: the rate the source itself used where it gave one, else the average of the year.
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.context import Context
from evbrief.document.report import Report
from evbrief.sections import funding, supply
from evbrief.sections.competition import MAIN_SEGMENT, origin_claim, when

ORIGINS = ("japanese", "chinese", "korean")
# instruments that move money to the region (a per-car tax credit abroad is a rule, not money sent)
MONEY_INSTRUMENTS = ("budget", "loan", "grant", "guarantee", "mobilisation target")
PARTNER_ORIGIN = {"JPN": "japanese", "CHN": "chinese", "KOR": "korean"}


def stated_conversion(rep: Report, commitment_id: str) -> Facts:
    """A commitment in its own currency and as the source converted it, with the source's rate.

    The commitment is its current row: where a later publication replaced it (Honda's ¥10 trillion of
    May 2024 by ¥7 trillion in May 2025), the facts are the current row's, and `was` holds the first
    row's amount and date so the sentence can tell the change. A source that printed a dollar figure
    but no rate gives the rate its two figures imply (`implied_rate`)."""
    from evbrief.data import clock

    chain = clock.chain("commitments", commitment_id)
    row = (
        chain[-1]
        if chain
        else data.load("commitments").set_index("commitment_id").loc[commitment_id]
    )
    now_id = str(row.name)
    claim = rep.claims.claim
    first = chain[0] if len(chain) > 1 else None
    was = (
        Facts(
            amount=claim(
                "commitment_amount",
                first["amount"],
                first["currency"],
                "commitments",
                id=str(first.name),
                then=now_id,
            ),
            date=language.date(first["announced_date"]),
            cite=rep.source(("commitments", first["source_id"].split(";"))),
        )
        if first is not None
        else None
    )
    has_rate = pd.notna(row.get("source_rate")) and row["currency"] == "JPY"
    implied = not has_rate and row["currency"] == "JPY" and pd.notna(row.get("converted_amount"))
    return Facts(
        was=was,
        date=language.date(row["announced_date"]) if pd.notna(row.get("announced_date")) else None,
        amount=claim("commitment_amount", row["amount"], row["currency"], "commitments", id=now_id),
        converted=claim(
            "commitment_converted",
            row["converted_amount"],
            row["converted_currency"],
            "commitments",
            id=now_id,
        )
        if pd.notna(row.get("converted_amount"))
        else None,
        rate=claim(
            "commitment_source_rate",
            row["source_rate"],
            "yen per dollar",
            "commitments",
            id=now_id,
        )
        if has_rate
        else claim(
            "commitment_implied_rate",
            float(row["amount"]) / float(row["converted_amount"]),
            "yen per dollar",
            "commitments",
            id=now_id,
        )
        if implied
        else None,
        end=language.fiscal(str(row["period_end"])) if pd.notna(row.get("period_end")) else None,
        cite=rep.source(("commitments", row["source_id"].split(";"))),
    )


def public_money() -> pd.DataFrame:
    """Partners' public and part-public instruments with an amount, in dollars at the year's rate."""
    pa = data.load("partners")
    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")
    rows = pa[
        pa["money_type"].isin(["public", "mixed"])
        & pa["amount"].notna()
        & pa["instrument_type"].isin(MONEY_INSTRUMENTS)
    ].copy()
    # one conversion rule for the publication: a commitment whose source printed its dollar figure keeps it
    table = funding.commitments_table()
    stated = {
        (float(c["amount"]), c["currency"]): c["usd"]
        for _, c in table[table["rule"] == "source"].iterrows()
    }
    usd = []
    for _, r in rows.iterrows():
        if (float(r["amount"]), r["currency"]) in stated:
            usd.append(stated[(float(r["amount"]), r["currency"])])
            continue
        conv = (
            funding.in_usd_and_jpy(float(r["amount"]), r["currency"], int(r["year"]), fx, fx_wb)
            if pd.notna(r["year"])
            else None
        )
        usd.append(conv["usd"] if conv else None)
    rows["usd"] = usd
    return rows


def public_money_table(rep: Report, *, caption: str) -> None:
    rows = public_money()
    table = pd.DataFrame(
        {
            t("Partner"): rows["partner"].map(countries.name),
            t("Instrument"): rows["instrument"].map(lambda v: language.text("partners", v)),
            t("Kind"): rows["instrument_type"].map(t),
            t("Money"): rows["money_type"].map(t),
            t("As published"): [
                f"{c} {a:,.0f}" for a, c in zip(rows["amount"], rows["currency"], strict=True)
            ],
            t("US$ million"): rows["usd"] / 1e6,
            t("Year"): rows["year"],
        }
    )
    rep.table(
        table,
        caption=caption,
        table=["partners", "fx_rates", "fx_worldbank"],
        decimals=0,
        compact=True,
    )


def plants_money(areas: tuple[str, ...], origin: str) -> tuple[float, int, dict[str, list]]:
    """Dollar sum and count of an origin's plants with published investment (not cancelled), and the
    plants left out of the dollar sum because no rate is held for their year, by currency: {currency:
    [amount in that currency, count, first year, last year]}."""
    plants = data.load("plants")
    rows = plants[
        plants["area"].isin(areas)
        & (plants["origin"] == origin)
        & plants["investment"].notna()
        & (plants["status"] != "cancelled")
    ]
    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")
    total, n, left = 0.0, 0, {}
    for _, p in rows.iterrows():
        year = next(
            int(p[k]) for k in ("announced_year", "start_year", "status_as_of") if pd.notna(p[k])
        )
        conv = funding.in_usd_and_jpy(
            float(p["investment"]), p["investment_currency"], year, fx, fx_wb
        )
        if conv is not None:
            total += conv["usd"]
            n += 1
        else:
            got = left.setdefault(p["investment_currency"], [0.0, 0, year, year])
            got[0] += float(p["investment"])
            got[1] += 1
            got[2], got[3] = min(got[2], year), max(got[3], year)
    return total, n, left


# a member's own currency: a company's pledge in it is a pledge to invest in that member
LOCAL_CURRENCY = {"THA": "THB", "IDN": "IDR", "MYS": "MYR", "VNM": "VND", "PHL": "PHP"}


def corporate_pledges(areas, origin: str) -> pd.DataFrame:
    """Joint investment pledges of several companies of an origin in a member's own currency (C11: THB 150
    billion of four Japanese makers in Thailand): pledges, stated beside plant investment and never added
    to it. A single company's pledge is mostly the plant the register already holds, so it is left out."""
    cm = data.load("commitments")
    currencies = [LOCAL_CURRENCY[a] for a in areas if a in LOCAL_CURRENCY]
    return cm[
        (cm["actor_type"] == "company")
        & cm["actor"].str.contains("(combined)", regex=False)
        & (cm["measure"] == "investment")
        & cm["currency"].isin(currencies)
        & (cm["actor_origin"].map(PARTNER_ORIGIN) == origin)
    ]


def corporate_facts(rep: Report, ctx: Context) -> Facts:
    """Published plant investment in the focus by company origin (Japanese, Chinese, Korean).

    Per origin: the dollar sum and count of plants converted; `{origin}_left_out`, a list of Facts (count,
    amount in its own currency, years) for plants whose currency has no rate for their year; and
    `{origin}_pledges`, companies' pledges in the member's currency (amount, who, horizon).
    """
    members = tuple(ctx.members)
    facts = Facts(
        focus=ctx.focus_name, cite=rep.source("plants", "fx_rates", "fx_worldbank", "commitments")
    )
    claim = rep.claims.claim
    for origin in ORIGINS:
        total, n, left = plants_money(members, origin)
        facts[origin] = (
            claim(
                "plants_investment_usd", total, "USD", "plants", origin=origin, areas=list(members)
            ).about(coverage="plants converted at the rate of their year")
            if n
            else None
        )
        facts[f"{origin}_plants"] = (
            claim(
                "plants_with_investment", n, "count", "plants", origin=origin, areas=list(members)
            )
            if n
            else None
        )
        facts[f"{origin}_left_out"] = [
            Facts(
                plants=claim(
                    "plants_not_converted",
                    count,
                    "count",
                    "plants",
                    origin=origin,
                    areas=list(members),
                    currency=currency,
                ),
                amount=claim(
                    "plants_investment_local",
                    amount,
                    currency,
                    "plants",
                    origin=origin,
                    areas=list(members),
                    currency=currency,
                ),
                first=first,
                last=last,
            )
            for currency, (amount, count, first, last) in sorted(left.items())
        ]
        facts[f"{origin}_pledges"] = [
            Facts(
                amount=claim(
                    "commitment_amount",
                    r["amount"],
                    r["currency"],
                    "commitments",
                    id=r["commitment_id"],
                ).about(instrument="corporate pledge"),
                who=r["actor"],
                title=r["title"],
                announced=language.date(r["announced_date"]),
            )
            for _, r in corporate_pledges(members, origin).iterrows()
        ]
    return facts


def capacity_claim(rep: Report, areas, origin: str):
    """Announced vehicle-assembly capacity of an origin's plants on record, as a claim."""
    cap = metrics.capacity_totals(data.load("plants"), "vehicles_per_year")
    value = float(cap[cap["area"].isin(list(areas)) & (cap["origin"] == origin)]["capacity"].sum())
    return rep.claims.claim(
        "capacity_sum", value, "vehicles per year", "plants", areas=list(areas), origin=origin
    )


def capacity_markets(ctx: Context) -> list[str]:
    """The markets where capacity and market share can be set side by side: the focus, or the
    members with vehicle capacity on record and published origin shares."""
    cap = metrics.capacity_totals(data.load("plants"), "vehicles_per_year")
    with_cap = set(cap[cap["origin"].isin(["japanese", "chinese"])]["area"])
    candidates = [ctx.focus] if not ctx.is_region else list(MAIN_SEGMENT)
    return [a for a in candidates if a in with_cap and a in MAIN_SEGMENT]


def capacity_facts(rep: Report, area: str) -> Facts:
    """Japanese and Chinese vehicle capacity in one market beside their latest market shares, and
    the number of their vehicle plants that no longer build (None where there is none), whose
    capacity it leaves out."""
    bs = data.load("brand_shares")
    plants = data.load("plants")
    segment = MAIN_SEGMENT.get(area, "all_vehicles")
    facts = Facts(market=countries.name(area))
    for origin in ("japanese", "chinese"):
        share = metrics.latest_origin_share(bs, area, origin, segment)
        facts[f"{origin}_capacity"] = capacity_claim(rep, [area], origin)
        stopped = supply.plants_count_claim(
            rep, plants, [area], origin, "vehicle_assembly", statuses=metrics.STOPPED
        )
        facts[f"{origin}_stopped"] = stopped if stopped.value else None
        facts[f"{origin}_share"] = origin_claim(rep, share, area) if share is not None else None
        facts[f"{origin}_when"] = when(share) if share is not None else None
    facts["cite"] = rep.source("plants", "brand_shares")
    return facts


def capacity_table(rep: Report, ctx: Context, *, caption: str) -> None:
    """Vehicle capacity by origin beside market share by origin, per market."""
    cap = metrics.capacity_totals(data.load("plants"), "vehicles_per_year")
    bs = data.load("brand_shares")
    rows = []
    for area in capacity_markets(ctx):
        for origin in ("japanese", "chinese", "korean", "domestic"):
            capacity = cap[(cap["area"] == area) & (cap["origin"] == origin)]["capacity"].sum()
            share = metrics.latest_origin_share(
                bs, area, origin, MAIN_SEGMENT.get(area, "all_vehicles")
            )
            if not capacity and share is None:
                continue
            rows.append(
                {
                    t("Market"): countries.name(area),
                    t("Origin"): t(origin.capitalize()),
                    t("Vehicle capacity (per year)"): int(capacity),
                    t("Market share (%)"): float(share["share_pct"]) if share is not None else None,
                    t("Share period"): when(share) if share is not None else "",
                }
            )
    rep.table(
        pd.DataFrame(rows),
        caption=caption,
        table=["plants", "brand_shares"],
        decimals=0,
        compact=True,
    )


def approaches_table(rep: Report, ctx: Context, *, caption: str, per_partner: int = 3) -> None:
    """Each partner's instruments in the focus (or the region), as published: those with an amount
    first, at most `per_partner` each, so that five partners fit one table."""
    pa = data.load("partners")
    where = {*ctx.members, "SEA", "WLD"}
    pa = pa[pa["target_area"].isin(where)].copy()
    pa["has_amount"] = pa["amount"].notna()
    pa = pa.sort_values(["partner", "has_amount", "year"], ascending=[True, False, False])
    pa = pa.groupby("partner").head(per_partner)
    table = pd.DataFrame(
        {
            t("Partner"): pa["partner"].map(countries.name),
            t("Instrument"): pa["instrument"].map(
                lambda s: language.shorten(language.text("partners", s))
            ),
            t("Money"): pa["money_type"].map(lambda v: t(v) if isinstance(v, str) else "–"),
            t("As published"): [
                language.number(a, c) if pd.notna(a) else "–"
                for a, c in zip(pa["amount"], pa["currency"], strict=True)
            ],
            t("Where"): pa["target_area"].map(countries.name),
        }
    )
    rep.table(table, caption=caption, table="partners", compact=True)

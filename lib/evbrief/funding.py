"""Japan's money and the automakers' targets, in yen and dollars, beside the scale of what they target."""

from __future__ import annotations

import pandas as pd

from . import charts, data, metrics
from .context import Context
from .report import Report

MONEY = ("JPY", "USD", "THB", "IDR", "MYR", "VND", "EUR")


def rate_year(year: int, currency: str, fx: pd.DataFrame, fx_wb: pd.DataFrame) -> int | None:
    """The year whose average rate converts a figure: its own, else the latest published before it."""
    for y in range(year, year - 6, -1):
        if metrics.usd_rate(currency, y, fx, fx_wb) and metrics.usd_rate("JPY", y, fx, fx_wb):
            return y
    return None


def in_usd_and_jpy(amount: float, currency: str, year: int, fx, fx_wb) -> dict | None:
    ry = rate_year(year, currency, fx, fx_wb)
    if ry is None:
        return None
    per_usd, _ = metrics.usd_rate(currency, ry, fx, fx_wb)
    jpy_per_usd, _ = metrics.usd_rate("JPY", ry, fx, fx_wb)
    usd = amount / per_usd
    return {"usd": usd, "jpy": usd * jpy_per_usd, "rate_year": ry, "jpy_per_usd": jpy_per_usd}


def commitments_table(ctx: Context | None = None) -> pd.DataFrame:
    """Every money commitment with its value in dollars and yen at the average rate of its year."""
    cm = data.load("commitments")
    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")
    rows = []
    for _, c in cm[cm["currency"].isin(MONEY) & cm["announced_date"].notna()].iterrows():
        year = int(c["announced_date"].year)
        conv = in_usd_and_jpy(float(c["amount"]), c["currency"], year, fx, fx_wb)
        if conv is None:
            continue
        rows.append(
            {
                "id": c["commitment_id"],
                "actor": c["actor"],
                "origin": c["actor_origin"],
                "title": c["title"],
                "measure": c["measure"],
                "amount": float(c["amount"]),
                "currency": c["currency"],
                "year": year,
                **conv,
            }
        )
    return pd.DataFrame(rows)


def chinese_plant_investment() -> tuple[float, int, list[int]]:
    """Dollar sum of the published investment of Chinese-owned plants in ASEAN, at the rate of each plant's year.

    A plant's year is its announcement year, else its start year, else the year its status was reported.
    """
    plants = data.load("plants")
    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")
    rows = plants[
        (plants["origin"] == "chinese")
        & plants["investment"].notna()
        & (plants["status"] != "cancelled")
    ]
    total, years = 0.0, []
    for _, p in rows.iterrows():
        year = next(
            int(p[k]) for k in ("announced_year", "start_year", "status_as_of") if pd.notna(p[k])
        )
        conv = in_usd_and_jpy(float(p["investment"]), p["investment_currency"], year, fx, fx_wb)
        if conv is None:
            continue
        total += conv["usd"]
        years.append(year)
    return total, len(years), years


def usd_claim(rep: Report, row: pd.Series):
    """A commitment in dollars at the average rate of its year (row of commitments_table)."""
    return rep.claims.claim(
        "commitment_usd",
        row["usd"],
        "USD",
        "commitments",
        id=row.name,
        rate_year=int(row["rate_year"]),
    )


def chinese_investment_ratio_claim(rep: Report, meti: pd.Series):
    """Published investment of Chinese-owned plants as a multiple of METI's budget."""
    china_usd, _, _ = chinese_plant_investment()
    return rep.claims.claim(
        "investment_ratio",
        china_usd / meti["usd"],
        "times",
        "plants",
        numerator="chinese plants",
        denominator=meti.name,
    )


def meti_budget(rep: Report, ctx: Context) -> None:
    table = commitments_table()
    meti = table.set_index("id").loc["C01"]
    honda = table.set_index("id").loc["C04"]
    sources = data.load("commitments").set_index("commitment_id").loc["C01", "source_id"].split(";")
    cite = rep.cites(("commitments", sources), "fx_rates")
    m_jpy = rep.claims.claim("commitment_amount", meti["amount"], "JPY", "commitments", id="C01")
    m_usd = usd_claim(rep, meti)
    rate = rep.claims.claim(
        "fx_rate",
        meti["jpy_per_usd"],
        "yen per dollar",
        "fx_rates",
        currency="JPY",
        year=int(meti["rate_year"]),
    )
    h_usd = usd_claim(rep, honda)
    ratio = rep.claims.claim(
        "commitment_ratio",
        honda["amount"] / meti["amount"],
        "times",
        "commitments",
        numerator="C04",
        denominator="C01",
    )
    china_usd, n_plants, years = chinese_plant_investment()
    c_usd = rep.claims.claim("plants_investment_usd", china_usd, "USD", "plants", origin="chinese")
    c_n = rep.claims.claim("plants_with_investment", n_plants, "count", "plants", origin="chinese")
    c_ratio = chinese_investment_ratio_claim(rep, meti)
    rep.markdown(
        "\n\n".join(
            [
                rep.say(
                    "METI's Global South budget that Japan plans to tap for the strategy is {m}, about {u} at the {ry} average "
                    "rate of {r} {cite}. It is meant mainly for training people.",
                    m=m_jpy,
                    u=m_usd,
                    ry=int(meti["rate_year"]),
                    r=rate,
                    cite=cite,
                ),
                rep.say(
                    "For scale: Honda alone plans to invest {h} in electrification and software by {end}, {x} the METI "
                    "budget, though worldwide. The {n} Chinese-owned plants in ASEAN whose investment is published add up to "
                    "about {c}, {cx} the METI budget {pc}.",
                    end=str(
                        data.load("commitments").set_index("commitment_id").loc["C04", "period_end"]
                    ).replace("FY", "fiscal "),
                    h=h_usd,
                    x=ratio,
                    n=c_n,
                    c=c_usd,
                    cx=c_ratio,
                    pc=rep.cite("plants"),
                ),
                rep.say(
                    "The sources we hold give no count of the region's automotive workforce, so the budget per trainee "
                    "cannot be computed here; it is left out rather than estimated."
                ),
            ]
        )
    )


def commitments_figure(rep: Report, ctx: Context) -> None:
    table = commitments_table()
    table = table[table["measure"].isin(["budget", "investment", "loan"])]
    table = table[
        ~table["id"].isin(["C02", "C12", "C13", "C14", "C15", "C16", "C17"])
    ]  # parts or repeats of others
    table["label"] = table["actor"].str.replace(r"\s*\(.*\)", "", regex=True) + " · " + table["id"]
    table["usd_bn"] = table["usd"] / 1e9
    table["Origin"] = table["origin"].map({"JPN": "japanese", "CHN": "chinese"})
    chart = charts.simple_bars(
        table,
        y="label",
        x="usd_bn",
        x_title="US$ billion (average rate of the year announced)",
        colour_field="Origin",
        palette=charts.ORIGIN_COLOURS,
        title="Honda's own plan dwarfs the public money",
        x_format=",.2f",
        subtitle="Commitments as announced, converted to dollars; blue = Japanese, red = Chinese",
        source_line=rep.source_line("commitments", "fx_rates", "fx_worldbank"),
    )
    rep.figure(
        chart,
        table=["commitments", "fx_rates", "fx_worldbank"],
        alt_text="Bar chart of Japanese and Chinese commitments in US dollars.",
    )
    shown = table[["id", "actor", "title", "amount", "currency", "year", "usd_bn", "jpy"]].copy()
    shown["jpy"] = shown["jpy"] / 1e9
    shown["actor"] = shown["actor"].str.replace(r"\s*\(.*\)", "", regex=True)
    shown["title"] = shown["title"].map(lambda t: t if len(t) <= 90 else t[:87].rstrip() + "…")
    shown["amount"] = [
        f"{c} {a / 1e9:,.1f} bn" for a, c in zip(shown["amount"], shown["currency"], strict=True)
    ]
    shown = shown.drop(columns="currency")
    shown.columns = ["Id", "Who", "What", "As announced", "Year", "US$ bn", "¥ bn"]
    rep.table(
        shown,
        caption="Commitments in the currency announced, and in dollars and yen at the average rate of the year "
        "announced (FRED for the yen, World Bank for other currencies; the 2024 rate for 2025).",
        table=["commitments", "fx_rates", "fx_worldbank"],
        decimals=2,
    )


def honda_targets(rep: Report) -> None:
    cm = data.load("commitments").set_index("commitment_id")
    cite = rep.cite(
        "commitments",
        sorted(
            {s for i in ("C05", "C06", "C08", "C09") for s in cm.loc[i, "source_id"].split(";")}
        ),
    )
    b = rep.claims.claim(
        "commitment_amount", cm.loc["C05", "amount"], "percent", "commitments", id="C05"
    )
    p = rep.claims.claim(
        "commitment_amount", cm.loc["C06", "amount"], "percent", "commitments", id="C06"
    )
    y = rep.claims.claim(
        "commitment_amount", cm.loc["C09", "amount"], "year", "commitments", id="C09"
    )
    r = rep.claims.claim(
        "commitment_amount", cm.loc["C08", "amount"], "km", "commitments", id="C08"
    )
    rep.markdown(
        rep.say(
            "Honda aims to cut the cost of the batteries it buys in North America by more than {b} and its production cost by "
            "about {p}, and to launch the Honda 0 Series of electric cars from {y} with a range of more than {r} {cite}. These are "
            "the levers the scenarios below turn into a price gap with Chinese rivals.",
            b=b,
            p=p,
            y=y,
            r=r,
            cite=cite,
        )
    )

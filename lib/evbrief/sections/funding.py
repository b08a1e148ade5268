"""Japan's money and the automakers' targets, in yen and dollars, beside the scale of what they target."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import tables as data
from evbrief.document import charts
from evbrief.document.context import Context
from evbrief.document.report import Report

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


def meti_facts(rep: Report) -> Facts:
    """METI's budget in yen and dollars, beside Honda's own plan and the Chinese plants' investment.

    The dollar figures use the average rate of the year announced (`rate`, `rate_year`), so they can
    differ from a conversion the press made at the day's rate.
    """
    table = commitments_table()
    meti = table.set_index("id").loc["C01"]
    honda = table.set_index("id").loc["C04"]
    cm = data.load("commitments").set_index("commitment_id")
    sources = cm.loc["C01", "source_id"].split(";")
    china_usd, n_plants, _ = chinese_plant_investment()
    claim = rep.claims.claim
    return Facts(
        meti=claim("commitment_amount", meti["amount"], "JPY", "commitments", id="C01"),
        meti_usd=usd_claim(rep, meti),
        rate_year=int(meti["rate_year"]),
        rate=claim(
            "fx_rate",
            meti["jpy_per_usd"],
            "yen per dollar",
            "fx_rates",
            currency="JPY",
            year=int(meti["rate_year"]),
        ),
        cite=rep.source(("commitments", sources), "fx_rates"),
        honda_usd=usd_claim(rep, honda),
        honda_end=str(cm.loc["C04", "period_end"]),
        honda_ratio=claim(
            "commitment_ratio",
            honda["amount"] / meti["amount"],
            "times",
            "commitments",
            numerator="C04",
            denominator="C01",
        ),
        china_plants=claim("plants_with_investment", n_plants, "count", "plants", origin="chinese"),
        china_usd=claim("plants_investment_usd", china_usd, "USD", "plants", origin="chinese"),
        china_ratio=chinese_investment_ratio_claim(rep, meti),
        plants_cite=rep.source("plants"),
        workforce=None,  # no source we hold counts the region's automotive workforce
    )


def money_commitments() -> pd.DataFrame:
    """Budgets, investments and loans, without the commitments that are parts or repeats of others."""
    table = commitments_table()
    table = table[table["measure"].isin(["budget", "investment", "loan"])]
    return table[~table["id"].isin(["C02", "C12", "C13", "C14", "C15", "C16", "C17"])].copy()


def commitments_figure(
    rep: Report, *, title: str, alt_text: str, caption: str | None = None
) -> pd.DataFrame:
    """Commitments in dollars, Japanese and Chinese, without the parts and repeats of others."""
    table = money_commitments()
    table["label"] = table["actor"].str.replace(r"\s*\(.*\)", "", regex=True) + " · " + table["id"]
    table["usd_bn"] = table["usd"] / 1e9
    table["Origin"] = (
        table["origin"].map({"JPN": "japanese", "CHN": "chinese", "KOR": "korean"}).fillna("other")
    )
    chart = charts.simple_bars(
        table,
        y="label",
        x="usd_bn",
        x_title=t("US$ billion (average rate of the year announced)"),
        colour_field="Origin",
        palette=charts.ORIGIN_COLOURS,
        legend_labels={k: t(k.capitalize()) for k in charts.ORIGIN_COLOURS},
        title=title,
        x_format=",.2f",
        subtitle=t(
            "Commitments as announced, converted to dollars; blue = Japanese, red = Chinese"
        ),
        source_line=rep.source_line("commitments", "fx_rates", "fx_worldbank"),
    )
    rep.figure(
        chart, table=["commitments", "fx_rates", "fx_worldbank"], alt_text=alt_text, caption=caption
    )
    return table


def commitments_shown(rep: Report, *, caption: str) -> None:
    table = money_commitments()
    shown = table[["id", "actor", "title", "amount", "currency", "year", "usd", "jpy"]].copy()
    shown["usd"] = shown["usd"] / 1e9
    shown["jpy"] = shown["jpy"] / 1e9
    shown["actor"] = shown["actor"].str.replace(r"\s*\(.*\)", "", regex=True)
    shown["title"] = shown["title"].map(lambda s: s if len(s) <= 90 else s[:87].rstrip() + "…")
    shown["amount"] = [
        f"{c} {a / 1e9:,.1f} bn" for a, c in zip(shown["amount"], shown["currency"], strict=True)
    ]
    shown = shown.drop(columns="currency")
    shown.columns = [t(c) for c in ("Id", "Who", "What", "As announced", "Year", "US$ bn", "¥ bn")]
    rep.table(shown, caption=caption, table=["commitments", "fx_rates", "fx_worldbank"], decimals=2)


def honda_facts(rep: Report) -> Facts:
    """Honda's battery and production cost targets, its new series' launch year and range."""
    cm = data.load("commitments").set_index("commitment_id")
    ids = ("C05", "C06", "C08", "C09")

    def amount(i: str, unit: str):
        return rep.claims.claim("commitment_amount", cm.loc[i, "amount"], unit, "commitments", id=i)

    return Facts(
        battery_cut=amount("C05", "percent"),
        production_cut=amount("C06", "percent"),
        launch=amount("C09", "year"),
        range=amount("C08", "km"),
        cite=rep.source(
            ("commitments", sorted({s for i in ids for s in cm.loc[i, "source_id"].split(";")}))
        ),
    )

"""Japan's money and the automakers' targets, in yen and dollars, beside the scale of what they target."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core import language
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
    """Every money commitment with its value in dollars and yen, by the publication's one conversion rule:
    the source's own dollar conversion where it printed one (`rule` "source", its rate in `jpy_per_usd`
    for a yen amount), else the average rate of the year announced (`rule` "average", `rate_year`)."""
    cm = data.load("commitments")
    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")
    rows = []
    for _, c in cm[cm["currency"].isin(MONEY) & cm["announced_date"].notna()].iterrows():
        year = int(c["announced_date"].year)
        conv = in_usd_and_jpy(float(c["amount"]), c["currency"], year, fx, fx_wb)
        if conv is None:
            continue
        conv["rule"] = "average"
        if pd.notna(c["converted_amount"]) and str(c["converted_currency"]) == "USD":
            usd = float(c["converted_amount"])
            jpy = float(c["amount"]) if c["currency"] == "JPY" else usd * conv["jpy_per_usd"]
            source_rate = c["source_rate"] if c["currency"] == "JPY" else conv["jpy_per_usd"]
            if pd.isna(source_rate):  # the source printed a dollar figure but not its rate
                source_rate = float(c["amount"]) / usd
                conv["rate_kind"] = "commitment_implied_rate"
            conv.update(usd=usd, jpy=jpy, jpy_per_usd=float(source_rate), rule="source")
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
    """A commitment in dollars by the one rule (row of commitments_table): the source's conversion, else
    the average rate of its year."""
    if row["rule"] == "source":
        return rep.claims.claim(
            "commitment_converted", row["usd"], "USD", "commitments", id=row.name
        )
    return rep.claims.claim(
        "commitment_usd",
        row["usd"],
        "USD",
        "commitments",
        id=row.name,
        rate_year=int(row["rate_year"]),
    )


def rate_claim(rep: Report, row: pd.Series):
    """The rate a commitment's dollar figure used: the source's, else the year's average (FRED)."""
    if row["rule"] == "source":
        kind = row.get("rate_kind")
        return rep.claims.claim(
            kind if isinstance(kind, str) else "commitment_source_rate",
            row["jpy_per_usd"],
            "yen per dollar",
            "commitments",
            id=row.name,
        )
    return rep.claims.claim(
        "fx_rate",
        row["jpy_per_usd"],
        "yen per dollar",
        "fx_rates",
        currency="JPY",
        year=int(row["rate_year"]),
    )


#: Honda's plan of May 2024 and its series' launch: the first rows of facts a later row may replace
HONDA_PLAN, HONDA_LAUNCH = "C04", "C09"


def meti_facts(rep: Report) -> Facts:
    """METI's budget in yen and dollars, beside Honda's own plan and the Chinese plants' investment.

    Each dollar figure follows the one conversion rule (`rule`: "source" or "average"; `rate`). The
    three aggregates cover different things (the Global South, Honda worldwide, plants in ASEAN), so no
    ratio is drawn between them (editorial rule: like with like); each is stated with its coverage.
    """
    from evbrief.data import clock

    honda_id = clock.successor("commitments", HONDA_PLAN)  # the plan as it stands today
    table = commitments_table().set_index("id")
    meti, honda = table.loc["C01"], table.loc[honda_id]
    cm = data.load("commitments").set_index("commitment_id")
    sources = cm.loc["C01", "source_id"].split(";")
    china_usd, n_plants, _ = chinese_plant_investment()
    claim = rep.claims.claim
    return Facts(
        meti=claim("commitment_amount", meti["amount"], "JPY", "commitments", id="C01").about(
            area="Global South", instrument="budget"
        ),
        meti_usd=usd_claim(rep, meti).about(area="Global South", instrument="budget"),
        rule=meti["rule"],
        rate_year=None if meti["rule"] == "source" else int(meti["rate_year"]),
        rate=rate_claim(rep, meti),
        cite=rep.source(("commitments", sources), "fx_rates"),
        honda_usd=usd_claim(rep, honda).about(area="World", instrument="corporate plan"),
        honda_rate=rate_claim(rep, honda),
        honda_end=str(cm.loc[honda_id, "period_end"]),
        china_plants=claim("plants_with_investment", n_plants, "count", "plants", origin="chinese"),
        china_usd=claim("plants_investment_usd", china_usd, "USD", "plants", origin="chinese"),
        plants_cite=rep.source("plants"),
        workforce=None,  # no source we hold counts the region's automotive workforce
    )


def money_commitments() -> pd.DataFrame:
    """Budgets, investments and loans, without the commitments that are parts or repeats of others (a
    mobilisation target, C03, is another instrument and stays out)."""
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
        x_title=t("US$ billion (source's rate, else average rate of the year)"),
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
    shown["title"] = shown["title"].map(language.shorten)
    shown["amount"] = [
        f"{c} {a / 1e9:,.1f} bn" for a, c in zip(shown["amount"], shown["currency"], strict=True)
    ]
    shown = shown.drop(columns="currency")
    shown.columns = [t(c) for c in ("Id", "Who", "What", "As announced", "Year", "US$ bn", "¥ bn")]
    rep.table(shown, caption=caption, table=["commitments", "fx_rates", "fx_worldbank"], decimals=2)


def honda_facts(rep: Report) -> Facts:
    """Honda's battery and production cost targets, its new series' launch year and range; where a later
    publication replaced the launch (the March 2026 cancellation of its North American models), the
    launch is None and `cancelled` holds what was cancelled and when."""
    from evbrief.data import clock

    cm = data.load("commitments", history=True).set_index("commitment_id")
    launch_id = clock.successor("commitments", HONDA_LAUNCH)
    ids = ("C05", "C06", "C08", launch_id)

    def amount(i: str, unit: str):
        return rep.claims.claim("commitment_amount", cm.loc[i, "amount"], unit, "commitments", id=i)

    cancelled = None
    if launch_id != HONDA_LAUNCH:
        cancelled = Facts(
            models=amount(launch_id, "count"),
            date=language.date(cm.loc[launch_id, "announced_date"]),
        )
    # the losses Honda said the reassessment of its electrification strategy would bring (current row)
    losses = cm[
        cm["actor"].str.startswith("Honda")
        & (cm["measure"] == "expected_loss")
        & cm["superseded_by"].isna()
    ]
    loss = amount(losses.index[0], "JPY") if not losses.empty else None
    if not losses.empty:
        ids = (*ids, losses.index[0])
    return Facts(
        battery_cut=amount("C05", "percent"),
        production_cut=amount("C06", "percent"),
        launch=None if cancelled else amount(HONDA_LAUNCH, "year"),
        cancelled=cancelled,
        loss=loss,
        range=amount("C08", "km"),
        cite=rep.source(
            ("commitments", sorted({s for i in ids for s in cm.loc[i, "source_id"].split(";")}))
        ),
    )

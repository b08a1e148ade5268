"""Facts on the members' automotive workforce and on the training Japan funds, for the notebooks to word.

The yen figure of the training pillar is METI's Global South budget (commitment C01), which Japan said it
intends to draw on for personnel training. It is not a sum set aside for the car industry (METI also spends it
on supply-chain demonstrations, C50) and it serves the whole Global South, so it is never divided by one
member's workforce: a ratio of aggregates of different coverage says nothing (editorial rule: like with like).
A workforce count keeps the source's scope (vehicle assembly, the wider value chain...), because counts of
different scope cannot be compared either.

Functions return Claims (or None where the data have no figure); they never compose sentences.
"""

from __future__ import annotations

import pandas as pd

from evbrief.core.claims import Claim, Register
from evbrief.data import tables as data
from evbrief.data.countries import ASEAN

# METI's ¥140 bn Global South budget, to be drawn on for training (Nikkei via Reuters)
BUDGET_ID = "C01"


def workforce_rows(area: str, scope: str | None = None) -> pd.DataFrame:
    """A member's workforce counts, newest first; one scope or all."""
    wf = data.load("auto_workforce")
    rows = wf[wf["area"] == area]
    if scope is not None:
        rows = rows[rows["scope"] == scope]
    return rows.sort_values(["year", "source_id"], ascending=[False, True])


def latest_workforce(area: str, scope: str) -> pd.Series | None:
    """The newest count of one scope for a member (the first source by id if two give the same year)."""
    rows = workforce_rows(area, scope)
    return None if rows.empty else rows.iloc[0]


def budget_amount() -> float:
    cm = data.load("commitments").set_index("commitment_id")
    return float(cm.loc[BUDGET_ID, "amount"])


def workforce_claim(reg: Register, area: str, scope: str) -> Claim | None:
    row = latest_workforce(area, scope)
    if row is None:
        return None
    return reg.claim(
        "auto_workforce",
        int(row["workers"]),
        "workers",
        "auto_workforce",
        area=area,
        year=int(row["year"]),
        scope=scope,
        source_id=row["source_id"],
    )


def programme_claim(reg: Register, programme_id: str) -> Claim:
    """A programme's published figure (target, count or money) in its own unit, scoped as its source words
    it: who funds it, for whom (`programme`, the row's own description) and over how many years."""
    tp = data.load("training_programmes").set_index("programme_id")
    row = tp.loc[programme_id]
    return reg.claim(
        "training_programme",
        float(row["amount"]),
        str(row["unit"]),
        "training_programmes",
        id=programme_id,
    ).about(
        area=row["area"],
        measure=row["measure"],
        sector=row["sector"],
        vintage=row["source_id"],
        period=f"{int(row['period_years'])} years from {str(row['announced'])[:7]}"
        if pd.notna(row["period_years"]) and pd.notna(row["announced"])
        else "",
    )


def facts(reg: Register, areas: tuple[str, ...] = ASEAN) -> dict:
    """Everything the training section can state, as Claims; None where a member has no count.

    `workforce` maps each member to {scope: Claim} for every scope it has a count of, or to None;
    `targets` maps each programme id to its figure; `budget` is the ¥140 bn itself (Global South-wide).
    """
    scopes_of = data.load("auto_workforce").groupby("area")["scope"].unique()
    workforce = {}
    for area in areas:
        scopes = sorted(scopes_of.get(area, []))
        workforce[area] = {s: workforce_claim(reg, area, s) for s in scopes} or None
    budget = reg.claim(
        "commitment_amount", budget_amount(), "JPY", "commitments", id=BUDGET_ID
    ).about(area="Global South", instrument="budget")
    ids = data.load("training_programmes")["programme_id"]
    return {
        "budget": budget,
        "workforce": workforce,
        "targets": {pid: programme_claim(reg, pid) for pid in ids},
    }


def programmes_table() -> pd.DataFrame:
    """The programmes with their published figure, for a table (labels short, values as published)."""
    from evbrief.data.countries import name

    tp = data.load("training_programmes")
    where = tp["area"].map(lambda a: {"SEA": "ASEAN", "WLD": "World"}.get(a) or name(a))
    # a short column first: a compact table keeps its first column on one line
    return pd.DataFrame(
        {
            "Where": where,
            # the funder's name without the source's parentheses and qualifiers
            "Funder": tp["funder"].str.split(r" \(|, ", regex=True).str[0],
            "Programme": tp["programme"],
            "Figure": tp["amount"],
            "Unit": tp["unit"],
            "What it counts": tp["measure"].str.replace("_", " "),
            "Announced": tp["announced"].fillna("–").astype(str).str[:7],
        }
    )

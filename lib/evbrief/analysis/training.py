"""Facts on the members' automotive workforce and on the training Japan funds, for the notebooks to word.

The yen figure set against the workforce is METI's Global South budget (commitment C01), which Japan said it
intends to draw on for personnel training. It is not a sum set aside for the car industry: METI also spends
it on supply-chain demonstrations (C50). So a "budget per worker" here is a measure of scale, the most the
budget could give each worker if all of it went to one member's automotive workforce, never an allocation.
Every per-worker claim carries that basis in its detail, and its workforce count keeps the source's scope
(vehicle assembly, the wider value chain...), because counts of different scope cannot be compared.

Functions return Claims (or None where the data have no figure); they never compose sentences.
"""

from __future__ import annotations

import pandas as pd

from evbrief.core.claims import Claim, Register
from evbrief.data import tables as data
from evbrief.data.countries import ASEAN

# METI's ¥140 bn Global South budget, to be drawn on for training (Nikkei via Reuters)
BUDGET_ID = "C01"
# What the budget is, carried in every per-worker claim (a label, not a sentence).
BUDGET_BASIS = "global-south-budget-drawn-on-not-earmarked-for-cars"


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


def budget_per_worker_claim(reg: Register, area: str, scope: str) -> Claim | None:
    """¥ of the Global South budget per worker of one scope, if all of it went to that member."""
    row = latest_workforce(area, scope)
    if row is None or not row["workers"]:
        return None
    return reg.claim(
        "budget_per_worker",
        budget_amount() / int(row["workers"]),
        "JPY",
        "auto_workforce",
        budget=BUDGET_ID,
        basis=BUDGET_BASIS,
        area=area,
        year=int(row["year"]),
        scope=scope,
        source_id=row["source_id"],
    )


def programme_claim(reg: Register, programme_id: str) -> Claim:
    """A programme's published figure (target, count or money) in its own unit."""
    tp = data.load("training_programmes").set_index("programme_id")
    row = tp.loc[programme_id]
    return reg.claim(
        "training_programme",
        float(row["amount"]),
        str(row["unit"]),
        "training_programmes",
        id=programme_id,
    )


def facts(reg: Register, areas: tuple[str, ...] = ASEAN) -> dict:
    """Everything the training section can state, as Claims; None where a member has no count.

    `workforce` and `per_worker` map each member to {scope: Claim} for every scope it has a count
    of, or to None; `targets` maps each programme id to its figure; `budget` is the ¥140 bn itself.
    """
    scopes_of = data.load("auto_workforce").groupby("area")["scope"].unique()
    workforce, per_worker = {}, {}
    for area in areas:
        scopes = sorted(scopes_of.get(area, []))
        workforce[area] = {s: workforce_claim(reg, area, s) for s in scopes} or None
        per_worker[area] = {s: budget_per_worker_claim(reg, area, s) for s in scopes} or None
    budget = reg.claim("commitment_amount", budget_amount(), "JPY", "commitments", id=BUDGET_ID)
    ids = data.load("training_programmes")["programme_id"]
    return {
        "budget": budget,
        "budget_basis": BUDGET_BASIS,
        "workforce": workforce,
        "per_worker": per_worker,
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

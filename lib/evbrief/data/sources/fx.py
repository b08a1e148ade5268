"""Build annual average exchange rates from FRED's monthly series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COLUMNS = ["currency", "year", "per_usd", "months", "source_id"]


def build_fx_rates(file: Path, source_id: str) -> pd.DataFrame:
    """Annual mean of monthly averages; a year is kept only when all twelve months are published."""
    raw = pd.read_csv(file, parse_dates=["observation_date"])
    raw["year"] = raw["observation_date"].dt.year
    annual = raw.groupby("year")["EXJPUS"].agg(["mean", "count"]).reset_index()
    annual = annual[annual["count"] == 12]
    return pd.DataFrame(
        {
            "currency": "JPY",
            "year": annual["year"],
            "per_usd": annual["mean"].round(4),
            "months": annual["count"],
            "source_id": source_id,
        }
    )[COLUMNS].reset_index(drop=True)

"""Checks on a table that need more than one column (the schema covers single columns)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def table_rules(
    name: str, frame: pd.DataFrame, line: pd.Index, res: dict | None = None
) -> list[tuple]:
    if frame.empty:
        return []
    rule = _RULES.get(name)
    problems = rule(frame, line) if rule is not None else []
    id_col = (res or {}).get("schema", {}).get("rowId")
    if id_col and id_col in frame.columns and "superseded_by" in frame.columns:
        problems += clock_rules(name, frame, line, id_col, res)
    return problems


# --- the clock columns (issue 21): when each fact was true ----------------------------------------

#: Tables whose rows state a status or a policy: each needs the date it was stated.
_STATUS_DATE = {"plants": ("status_as_of", "as_of"), "policies": ("date", "as_of")}


def clock_rules(name: str, frame: pd.DataFrame, line, id_col: str, res: dict) -> list[tuple]:
    """A `superseded_by` names a row of this table (not itself); `valid_to` is not before
    `valid_from`; no `as_of` or `checked` lies after today; a status or policy row is dated (its
    source may be recorded as undated, `year` n.d., which the data notes say); in plants, a plant
    has one current row."""
    from evbrief.data.dates import end, start, today

    problems = []
    ids = set(frame[id_col].dropna())
    for i in frame.index[frame["superseded_by"].notna()]:
        target = frame.at[i, "superseded_by"]
        if target not in ids or target == frame.at[i, id_col]:
            problems.append(
                (
                    int(line[i]),
                    "superseded_by",
                    "superseded-by",
                    f"{target!r} names no other row of this table (ids are in {id_col!r})",
                )
            )
    for i in frame.index[frame["valid_from"].notna() & frame["valid_to"].notna()]:
        first, last = start(frame.at[i, "valid_from"]), end(frame.at[i, "valid_to"])
        if first and last and last < first:
            problems.append(
                (
                    int(line[i]),
                    "valid_to",
                    "valid-order",
                    f"valid_to {frame.at[i, 'valid_to']} is before valid_from "
                    f"{frame.at[i, 'valid_from']}",
                )
            )
    now = today()
    for i in frame.index[frame["as_of"].notna()]:
        first = start(frame.at[i, "as_of"])
        if first and first > now:
            problems.append(
                (
                    int(line[i]),
                    "as_of",
                    "future-date",
                    f"as_of {frame.at[i, 'as_of']} is after today ({now}); a source cannot state "
                    "a fact it has not published yet",
                )
            )
    late = frame["checked"].notna() & (frame["checked"].dt.date > now)
    for i in frame.index[late.fillna(False)]:
        problems.append((int(line[i]), "checked", "future-date", f"checked is after today ({now})"))
    if name in _STATUS_DATE:
        undated = {
            s.get("id") for s in res.get("sources", []) if not str(s.get("year", "")).isdigit()
        }
        cols = [c for c in _STATUS_DATE[name] if c in frame.columns]
        missing = frame[cols].isna().all(axis=1)
        for i in frame.index[missing]:
            cited = set(str(frame.at[i, "source_id"] or "").split(";"))
            if not cited <= undated:
                problems.append(
                    (
                        int(line[i]),
                        "as_of",
                        "dated-status",
                        f"a {name} row needs the date its source states it ({' or '.join(cols)})",
                    )
                )
    if name == "plants":
        live = frame[frame["superseded_by"].isna()]
        for i in live.index[live["plant_id"].duplicated(keep="first")]:
            problems.append(
                (
                    int(line[i]),
                    "plant_id",
                    "one-current-row",
                    f"plant {frame.at[i, 'plant_id']!r} has two current rows; the older one needs "
                    "superseded_by",
                )
            )
    return problems


def _ev_sales(frame: pd.DataFrame, line) -> list[tuple]:
    """BEV + PHEV cannot exceed the EV total (which also holds FCEV); shares only on the total.

    IEA rounds every figure to two significant figures, so the parts may overshoot the total by
    their rounding; the slack allowed is exactly that, and no more.
    """
    problems = []
    known = frame.dropna(subset=["sales"])
    wide = known.pivot_table(
        index=["area", "year"], columns="powertrain", values="sales", aggfunc="sum"
    )
    if {"EV", "BEV", "PHEV"} <= set(wide.columns):
        parts = wide[["BEV", "PHEV"]].sum(axis=1, min_count=1)
        slack = sum(_rounding_slack(wide[c].astype("float64")) for c in ("EV", "BEV", "PHEV"))
        over = parts > wide["EV"] + slack
        for area, year in wide.index[over.fillna(False)]:
            i = frame.index[
                (frame.area == area) & (frame.year == year) & (frame.powertrain == "EV")
            ][0]
            problems.append(
                (
                    int(line[i]),
                    "sales",
                    "parts-exceed-total",
                    f"BEV+PHEV > EV total for {area} {year}",
                )
            )
    share_on_part = frame["sales_share_pct"].notna() & (frame["powertrain"] != "EV")
    for i in frame.index[share_on_part]:
        problems.append(
            (
                int(line[i]),
                "sales_share_pct",
                "share-on-total-only",
                "share given for a powertrain part",
            )
        )
    return problems


def _rounding_slack(values: pd.Series) -> pd.Series:
    """Largest error of a value rounded to two significant figures (0 where missing)."""
    positive = values.where(values > 0)
    return (0.5 * 10 ** (np.floor(np.log10(positive)) - 1)).fillna(0)


def _shares_sum(group_cols: list[str], value: str, limit: float = 100.5):
    """Shares within one group (e.g. one market and year) cannot add up to more than 100%."""

    def rule(frame: pd.DataFrame, line) -> list[tuple]:
        sums = frame.groupby(group_cols, dropna=False)[value].sum()
        problems = []
        for key, total in sums[sums > limit].items():
            key = key if isinstance(key, tuple) else (key,)
            mask = pd.Series(True, index=frame.index)
            for col, val in zip(group_cols, key, strict=True):
                mask &= frame[col] == val
            i = frame.index[mask.fillna(False)][0]
            problems.append(
                (int(line[i]), value, "shares-sum", f"shares add up to {total:.1f}% (> 100%)")
            )
        return problems

    return rule


#: Powertrains that do not overlap one another: their shares (and units) add up to at most the whole.
#: 'EV' (undefined) and 'hybrid' (undivided) are parts too, because no source gives them beside
#: the categories they would overlap; 'xEV' and 'total' are sums and are left out.
POWERTRAIN_PARTS = ("ICE", "petrol", "diesel", "MHEV", "HEV", "hybrid", "PHEV", "BEV", "EV")


def _powertrain_sales(frame: pd.DataFrame, line) -> list[tuple]:
    """Per market, period, scope, measure and source: the parts' shares add up to at most 100%,
    and the parts' units (and the electrified total) to at most the published total.

    Each source publishes its own split, so sums are taken within one source only; the 0.5%
    slack allows for the rounding of published shares and nothing else.
    """
    key = ["area", "year", "period", "scope", "measure", "source_id"]
    parts = frame[frame["powertrain"].isin(POWERTRAIN_PARTS)]
    problems = _shares_sum(key, "share_pct")(parts, line)
    totals = frame[frame["powertrain"] == "total"].dropna(subset=["units"])
    totals = totals.set_index(key)["units"]
    for label, rows in (("parts", parts), ("xEV", frame[frame["powertrain"] == "xEV"])):
        sums = rows.dropna(subset=["units"]).groupby(key)["units"].sum()
        for group, total in totals.items():
            if group in sums.index and sums[group] > total * 1.005:
                mask = (rows[key] == pd.Series(group, index=key)).all(axis=1)
                i = rows.index[mask][0]
                problems.append(
                    (
                        int(line[i]),
                        "units",
                        "parts-exceed-total",
                        f"{label} units {int(sums[group])} > total {int(total)} for {group}",
                    )
                )
    return problems


def _year_order(first: str, second: str):
    def rule(frame: pd.DataFrame, line) -> list[tuple]:
        bad = frame[first].notna() & frame[second].notna() & (frame[second] < frame[first])
        return [
            (int(line[i]), second, "order", f"{second} is before {first}") for i in frame.index[bad]
        ]

    return rule


def _source_rate(frame: pd.DataFrame, line) -> list[tuple]:
    """A rate printed by the source must reproduce its own conversion (amount / converted_amount).

    Sources round the converted figure, so 1% slack is allowed: enough for "$899.51 million",
    far too little for a rate copied from the wrong article.
    """
    if "source_rate" not in frame.columns:
        return []
    rows = frame[frame["source_rate"].notna() & frame["converted_amount"].notna()]
    implied = rows["amount"].astype("float64") / rows["converted_amount"].astype("float64")
    off = (implied / rows["source_rate"].astype("float64") - 1).abs() > 0.01
    return [
        (
            int(line[i]),
            "source_rate",
            "source-rate",
            f"amount / converted_amount = {implied[i]:.4g}, not the stated rate",
        )
        for i in rows.index[off]
    ]


def _money_stated(frame: pd.DataFrame, line) -> list[tuple]:
    """An amount needs its currency and money_type; an instrument without a sum has neither."""
    has_amount = frame["amount"].notna()
    problems = []
    for col in ("currency", "money_type"):
        bad = has_amount != frame[col].notna()
        problems += [
            (int(line[i]), col, "money-stated", f"{col} must be given exactly when amount is")
            for i in frame.index[bad]
        ]
    return problems


def _mandate_dates(frame: pd.DataFrame, line) -> list[tuple]:
    """A planned or postponed blend is a dated one: without its date the row says nothing."""
    dated = frame["status"].isin(["planned", "postponed"])
    missing = dated & frame["effective_date"].isna()
    return [
        (
            int(line[i]),
            "effective_date",
            "dated-status",
            f"a {frame.at[i, 'status']} blend needs its date",
        )
        for i in frame.index[missing]
    ]


def _workforce_parts(frame: pd.DataFrame, line) -> list[tuple]:
    """From one source and year, assemblers or parts makers cannot outnumber the whole industry."""
    parts, wholes = (
        ("vehicle_assembly", "auto_parts"),
        ("automotive_industry", "automotive_value_chain"),
    )
    problems = []
    for _, group in frame.groupby(["area", "year", "source_id"]):
        whole = group.loc[group["scope"].isin(wholes), "workers"]
        if whole.empty:
            continue
        part = group[group["scope"].isin(parts)]
        for i in part.index[part["workers"] > whole.min()]:
            problems.append(
                (
                    int(line[i]),
                    "workers",
                    "part-exceeds-whole",
                    "more workers than the whole industry",
                )
            )
    return problems


_RULES = {
    "ev_sales": _ev_sales,
    # brands and origins are two partitions of one market: each adds up to at most 100% on its own
    "brand_shares": _shares_sum(
        ["area", "year", "period", "segment", "group_type", "source_id"], "share_pct"
    ),
    "plants": _year_order("announced_year", "start_year"),
    "commitments": _source_rate,
    "partners": _money_stated,
    "powertrain_sales": _powertrain_sales,
    "biofuel_mandates": _mandate_dates,
    "auto_workforce": _workforce_parts,
}

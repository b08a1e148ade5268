"""When each fact was true: the clock columns of the compiled tables and the one rule for "the latest".

Every row of a compiled table (commitments, plants, policies, ...) carries `as_of` (the date its source
states the fact), `checked` (the day it was last confirmed), `valid_from`/`valid_to` (when a plan, pledge,
status or policy applies) and `superseded_by` (the id of the row that replaces it). A later publication
that changes a fact adds a row and names it in the old row's `superseded_by`; nothing is overwritten.

- `tables.load(name)` gives the current rows; `tables.load(name, history=True)` every row.
- `latest(frame, ...)` is the most recent current observation of one concept, with its period.
- `due(months)` lists the statuses, plans and pledges due for a check (`evbrief data stale`).
- `stamp(claims)` gives each claim of a report the as-of and checked dates of the rows it quotes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from evbrief.data import tables
from evbrief.data.dates import end, start, today

CLOCK = ("as_of", "checked", "valid_from", "valid_to", "superseded_by")

#: Tables whose rows state a status, plan, pledge or policy: what `due` lists.
STATUS_TABLES = (
    "plants",
    "policies",
    "commitments",
    "partners",
    "biofuel_mandates",
    "training_programmes",
)

#: The last month of a period as the tables write it (brand_shares, powertrain_sales).
_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}
_PERIOD_END = {"CY": 12, "FY": 12, "H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def id_field(name: str, path=None) -> str | None:
    """The column that identifies a row of a compiled table (what `superseded_by` names)."""
    res = tables.resource(name, tables._shared_package(path))
    return res.get("schema", {}).get("rowId")


def compiled(path=None) -> list[str]:
    """The tables that carry the clock columns."""
    package = tables._shared_package(path)
    return [r["name"] for r in package.get("resources", []) if r.get("schema", {}).get("rowId")]


def current(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows no later row replaces."""
    if "superseded_by" not in frame.columns:
        return frame
    return frame[frame["superseded_by"].isna()]


def chain(name: str, row_id: str, path=None) -> list[pd.Series]:
    """The row and every row that replaced it, oldest first, by `superseded_by` ("Honda cut its plan
    from ¥10 trillion (May 2024) to ¥7 trillion (May 2025)": C04, then C53)."""
    col = id_field(name, path)
    frame = tables.load(name, history=True).set_index(col)
    rows, seen = [], set()
    while row_id and row_id not in seen and row_id in frame.index:
        seen.add(row_id)
        row = frame.loc[row_id]
        rows.append(row)
        nxt = row.get("superseded_by")
        row_id = str(nxt) if pd.notna(nxt) and str(nxt) else ""
    return rows


def successor(name: str, row_id: str, path=None) -> str:
    """The id of the current row that a row's facts now stand in (itself while it is current)."""
    rows = chain(name, row_id, path)
    return str(rows[-1].name) if rows else row_id


def period_key(year, period: str | None = None) -> tuple[int, int]:
    """(year, last month) of a period: CY 2025 > Jan-Jul 2025 > CY 2024."""
    p = (period or "CY").strip()
    if p in _PERIOD_END:
        month = _PERIOD_END[p]
    elif p[:4] in ("Jan-", "YTD-"):
        month = _MONTHS.get(p[4:], 12)
    else:
        month = _MONTHS.get(p, 12)
    return int(year), month


def period_label(row: pd.Series) -> str:
    """The period a row covers, as the tables write it: 'CY 2025', 'Jan-Jul 2025', or its as-of date."""
    if "year" in row.index and pd.notna(row.get("year")):
        period = row.get("period")
        return (
            f"{period} {int(row['year'])}"
            if isinstance(period, str) and period
            else str(int(row["year"]))
        )
    return str(row.get("as_of") or "")


@dataclass(frozen=True)
class Observation:
    """One row as the latest observation of a concept: the row, its period and its clock."""

    row: pd.Series
    period: str
    as_of: str
    checked: str
    row_id: str | None = None
    older: list[str] = field(default_factory=list)  # periods of the earlier current observations


def _order(frame: pd.DataFrame) -> pd.Series:
    if "year" in frame.columns:
        periods = (
            frame["period"] if "period" in frame.columns else pd.Series("CY", index=frame.index)
        )
        return pd.Series(
            [period_key(y, p) for y, p in zip(frame["year"], periods.fillna("CY"), strict=True)],
            index=frame.index,
        )
    return frame["as_of"].map(lambda t: start(t) or date.min)


def latest(frame: pd.DataFrame, name: str | None = None, **where) -> Observation | None:
    """The most recent current (not superseded) observation among the rows matching `where`.

    Rows are ordered by the period they cover (year, then the period's last month), else by `as_of`;
    a tie keeps the row checked last. None when no current row matches.
    """
    rows = current(frame)
    for col, value in where.items():
        rows = rows[
            rows[col].isin(value) if isinstance(value, list | tuple | set) else rows[col] == value
        ]
    if rows.empty:
        return None
    keys = _order(rows)
    checked = rows["checked"].astype("string").fillna("") if "checked" in rows else ""
    ranked = sorted(rows.index, key=lambda i: (keys[i], str(checked[i]) if len(checked) else ""))
    best = rows.loc[ranked[-1]]
    idc = id_field(name) if name else None
    return Observation(
        row=best,
        period=period_label(best),
        as_of=text(best.get("as_of")),
        checked=_day(best.get("checked")),
        row_id=str(best[idc]) if idc and idc in best.index else None,
        older=[period_label(rows.loc[i]) for i in ranked[:-1] if keys[i] < keys[ranked[-1]]],
    )


def text(value) -> str:
    """A cell as text, blank for a missing value (NA, NaT, None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _day(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)[:10]


# --- rows due for a check (`evbrief data stale`) --------------------------------------------------


@dataclass(frozen=True)
class Due:
    table: str
    row_id: str
    what: str
    as_of: str
    checked: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.row_id}: {self.what} ({'stated ' + self.as_of if self.as_of else 'undated'}; checked {self.checked}; {'; '.join(self.reasons)})"


_WHAT = {
    "plants": lambda r: f"{r['company']} {r['area']} {r['plant_type']} {r['status']}",
    "policies": lambda r: f"{r['area']} {r['policy_type']}: {r['title']}",
    "commitments": lambda r: f"{r['actor']}: {r['title']}",
    "partners": lambda r: f"{r['partner']} {r['instrument_type']}: {r['instrument']}",
    "biofuel_mandates": lambda r: f"{r['area']} {r['fuel']} {r['blend_pct']:g}% {r['status']}",
    "training_programmes": lambda r: f"{r['funder']}: {r['programme']}",
}


def _short(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def due(months: int = 6, path=None, on: date | None = None) -> dict[str, list[Due]]:
    """Current status, plan, pledge and policy rows due for a check, by table.

    A row is due when it was last checked more than `months` months ago, or when the fact it holds was
    stated more than `months` months ago (or is undated): a status read recently from an old page is
    still an old status. Each row says which.
    """
    on = on or today()
    out: dict[str, list[Due]] = {}
    for name in STATUS_TABLES:
        frame = tables.load(name, path)
        idc = id_field(name, path)
        for _, r in frame.iterrows():
            reasons = []
            checked = r["checked"].date() if pd.notna(r["checked"]) else None
            if checked is None or months_between(checked, on) > months:
                reasons.append(
                    f"not checked for {months_between(checked, on)} months"
                    if checked
                    else "never checked"
                )
            stated = end(r["as_of"])
            if stated is None:
                reasons.append("the source is undated")
            elif months_between(stated, on) > months:
                reasons.append(f"stated {months_between(stated, on)} months ago")
            if reasons:
                out.setdefault(name, []).append(
                    Due(
                        name,
                        str(r[idc]),
                        _short(_WHAT[name](r)),
                        _day(r["as_of"]),
                        _day(r["checked"]),
                        tuple(reasons),
                    )
                )
    return out


# --- the clock of a claim --------------------------------------------------------------------------

#: detail keys of a claim that name a column under another name
_ALIASES = {"areas": "area", "kinds": "policy_type", "id": None, "as_of": None, "checked": None}
# (`as_of` in a claim's detail is the day it was asked for, e.g. the blend in force on 2025-12-31)


def _matching(frame: pd.DataFrame, detail: dict, idc: str | None) -> pd.DataFrame:
    rows = frame
    for key, value in detail.items():
        col = idc if key == "id" else _ALIASES.get(key, key)
        if key == "kind" or col is None or col not in rows.columns or value in (None, "all"):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        try:
            typed = (
                [type(rows[col].dropna().iloc[0])(v) for v in values]
                if rows[col].notna().any()
                else values
            )
        except (TypeError, ValueError):
            typed = values
        rows = rows[
            rows[col].isin(typed) | rows[col].astype("string").isin([str(v) for v in values])
        ]
    return rows


def stamp(claims: list[dict], path=None) -> list[dict]:
    """Each claim (as in a claims file) with `as_of`, `checked` and `rows`: the clock of what it quotes.

    A claim on a compiled table quotes the current rows its detail identifies: `as_of` is the latest
    date those rows' sources state, `checked` the day they were last confirmed, `rows` their ids. A claim
    on a derived table (IEA, OICA, FRED...) takes its source's year as `as_of`. Model outputs have none.
    """
    names = set(tables.table_names(path))
    frames: dict[str, pd.DataFrame] = {}
    for c in claims:
        name = c.get("dataset")
        c.setdefault("as_of", "")
        c.setdefault("checked", "")
        c.setdefault("rows", [])
        if name not in names:
            continue
        if name not in frames:
            frames[name] = tables.load(name, path, history=True)
        frame, idc = frames[name], id_field(name, path)
        detail = c.get("detail", {})
        if not detail.get("then"):  # a row told as history ("cut from ...") may be a replaced one
            frame = current(frame)
        rows = _matching(frame, detail, idc)
        if rows.empty and "id" in detail and "plant_id" in frame.columns:
            rows = _matching(
                frame, detail, "plant_id"
            )  # a plant named by its plant id, not its row
        if idc and "as_of" in frame.columns:
            if len(rows) == len(frame) and len(frame) > 1 and "id" in c.get("detail", {}):
                continue
            c["rows"] = [str(v) for v in rows[idc]]
            stated = [t for t in rows["as_of"].dropna() if start(t)]
            c["as_of"] = max(stated, key=start) if stated else ""
            c["checked"] = _day(rows["checked"].max()) if rows["checked"].notna().any() else ""
        else:
            cited = set(rows["source_id"].dropna()) if "source_id" in rows.columns else set()
            years = [
                str(s.get("year"))
                for sid, s in tables.sources(name, path).items()
                if (not cited or sid in cited) and re.fullmatch(r"\d{4}", str(s.get("year")))
            ]
            c["as_of"] = max(years) if years else ""
    return claims


def checked_to(claims) -> date | None:
    """The latest day a row quoted by these claims was confirmed ("evidence checked to <date>")."""
    days = []
    for c in claims:
        value = c.get("checked") if isinstance(c, dict) else getattr(c, "checked", "")
        if value:
            days.append(date.fromisoformat(value))
    return max(days) if days else None


def evidence_checked(register, path=None) -> date | None:
    """The latest day a row quoted so far in a report (its claims Register) was confirmed: what
    the annex states as "evidence checked to <date>"."""
    return checked_to(stamp(register.as_json(), path))

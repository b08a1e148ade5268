"""Promise against delivery: every pledge, plant announcement, investment plan, training target and policy
deadline in data/, what it promised, by when, and what is on record now, by one stated rule.

Rows come from commitments, plants, partners, training_programmes and policies. Where a table carries the
evidence's clock (as_of, checked, superseded_by; see data/NOTES.md) a superseded row is left out and the
row that replaced it is judged, and the evidence date is the newest of the row's dates; without those
columns the row's own dates are used. The rule (STATUS_RULE, printed by the report) is:

- delivered: a plant operating; a training count of what was done (cumulative trainees, companies
  trained, experts dispatched).
- cancelled: a plant cancelled or suspended.
- cut: the row replaced an earlier row of the same promise with a smaller amount (only with superseded_by).
- late: a plant announced or under construction whose start year is before the year of its evidence.
- on track: a plant under construction whose start year is not yet past at its evidence.
- pending: a dated promise whose due date is not yet past at its evidence.
- unconfirmed: a pledge, target or deadline whose due date has passed, with no record of delivery in data/
  (the tables record pledges, not their outcomes, so it is not called late).
- undated: a promise with no due date in its row (most five-year pledges give the span in words only).

Policies enter only as ASEAN governments' production-offset and local-content obligations, due on the
date their row gives; whether makers met them is not in data/, so a passed one is unconfirmed.

A plant counts as an announcement when it has an announced year or is not yet operating; older plants
operating since before the register's announcements are not promises. A partners row that repeats a
commitment (same origin, amount and currency) is left out, so a pledge is counted once.
"""

from __future__ import annotations

import re

import pandas as pd

from evbrief.data import tables as data

STATUSES = (
    "delivered",
    "on track",
    "pending",
    "unconfirmed",
    "late",
    "cut",
    "cancelled",
    "undated",
)
STATUS_RULE = {
    "delivered": "a plant operating, or a count of training already given",
    "on track": "a plant under construction whose start year had not passed when last recorded",
    "pending": "a dated promise whose due date had not passed when last recorded",
    "unconfirmed": "the due date has passed and the evidence base holds no record of delivery",
    "late": "a plant not operating whose start year had passed when last recorded",
    "cut": "replaced by a later row with a smaller amount",
    "cancelled": "a plant cancelled or suspended",
    "undated": "the row gives no due date",
}
ORIGINS = {
    "JPN": "japanese",
    "CHN": "chinese",
    "KOR": "korean",
    "USA": "american",
    "EU27": "european",
}
HOST = "host government"
POLICY_DEADLINES = ("offset_obligation", "local_content")  # obligations makers must meet by a date
DONE_MEASURES = ("trainees_cumulative", "companies_trained", "experts_dispatched")
COLUMNS = [
    "table",
    "row",
    "actor",
    "origin",
    "area",
    "promise",
    "amount",
    "unit",
    "due",
    "evidence",
    "status",
]


def origin_of(code) -> str:
    return ORIGINS.get(str(code), "other")


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def due_of(period_end) -> str:
    """A due date as YYYY or YYYY-MM; a Japanese fiscal year FYnnnn ends in March of nnnn+1."""
    text = _text(period_end)
    fiscal = re.fullmatch(r"FY(\d{4})", text)
    if fiscal:
        return f"{int(fiscal.group(1)) + 1}-03"
    return text[:7]


def passed(due: str, evidence: str) -> bool:
    """Whether a due date is before the evidence date, compared at the due date's own precision
    (a plant due in 2025 and recorded in 2025 is not yet late)."""
    return bool(due) and bool(evidence) and due < evidence[: len(due)]


def _current(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(current rows, superseded rows): a row with a superseded_by is no longer current."""
    if "superseded_by" not in frame.columns:
        return frame, frame.iloc[0:0]
    gone = frame["superseded_by"].map(_text) != ""
    return frame[~gone], frame[gone]


def _evidence(row, *own: str) -> str:
    """The newest of the row's own evidence dates and its clock (as_of, checked) where present."""
    dates = [_text(row.get(k)) for k in (*own, "as_of", "checked")]
    dates = [
        d[:10] if not d.replace(".0", "").isdigit() else d.replace(".0", "") for d in dates if d
    ]
    return max(dates) if dates else ""


def _cut(frame: pd.DataFrame, key: str, row) -> dict | None:
    """The earlier row this one replaced, if its amount was larger (the promise was cut)."""
    if "superseded_by" not in frame.columns or key not in frame.columns:
        return None
    this = _text(row.get(key))
    old = frame[frame["superseded_by"].map(_text) == this]
    for _, before in old.iterrows():
        a, b = pd.to_numeric(before.get("amount"), errors="coerce"), row.get("amount")
        if pd.notna(a) and pd.notna(b) and float(b) < float(a):
            return before.to_dict()
    return None


def _dated_status(due: str, evidence: str) -> str:
    if not due:
        return "undated"
    return "unconfirmed" if passed(due, evidence) else "pending"


def commitment_rows(data_dir=None) -> list[dict]:
    cm = data.load("commitments", data_dir, history=True)
    current, _ = _current(cm)
    out = []
    for _, r in current.iterrows():
        due = due_of(r["period_end"])
        if r["measure"] == "launch_year" and pd.notna(r["amount"]) and not due:
            due = str(int(r["amount"]))  # the promise is the year itself
        evidence = _evidence(r, "announced_date")
        status = "cut" if _cut(cm, "commitment_id", r) else _dated_status(due, evidence)
        out.append(
            {
                "table": "commitments",
                "row": r["commitment_id"],
                "actor": r["actor"],
                "origin": origin_of(r["actor_origin"]),
                "area": "",
                "promise": r["title"],
                "amount": r["amount"],
                "unit": _text(r["currency"]) or r["measure"],
                "due": due,
                "evidence": evidence,
                "status": status,
            }
        )
    return out


def plant_rows(data_dir=None) -> list[dict]:
    pl = data.load("plants", data_dir, history=True)
    current, _ = _current(pl)
    out = []
    for _, r in current.iterrows():
        announced = pd.notna(r["announced_year"])
        if not announced and r["status"] not in ("announced", "under_construction", "cancelled"):
            continue
        due = "" if pd.isna(r["start_year"]) else str(int(r["start_year"]))
        evidence = _evidence(r, "status_as_of")
        if r["status"] in ("operating", "closing", "closed", "consolidated"):
            status = "delivered"
        elif r["status"] in ("cancelled", "suspended"):
            status = "cancelled"
        elif not due:
            status = "undated"
        elif passed(due, evidence):
            status = "late"
        else:
            status = "on track" if r["status"] == "under_construction" else "pending"
        out.append(
            {
                "table": "plants",
                "row": _text(r.get("row_id")) or r["plant_id"],
                "actor": r["company"],
                "origin": r["origin"],
                "area": r["area"],
                "promise": f"{r['plant_type'].replace('_', ' ')} plant, {r['location']}",
                "amount": r["capacity"],
                "unit": _text(r["capacity_unit"]).replace("_", " "),
                "due": due,
                "evidence": evidence,
                "status": status,
            }
        )
    return out


def partner_rows(data_dir=None) -> list[dict]:
    pa, cm = (
        data.load("partners", data_dir, history=True),
        data.load("commitments", data_dir, history=True),
    )
    current, _ = _current(pa)
    pledged = {
        (origin_of(o), float(a), _text(c))
        for o, a, c in zip(cm["actor_origin"], cm["amount"], cm["currency"], strict=True)
        if pd.notna(a)
    }
    out = []
    for _, r in current.iterrows():
        if pd.isna(r["amount"]):
            continue  # a trade rule or partnership promises no sum
        origin = origin_of(r["partner"])
        if (origin, float(r["amount"]), _text(r["currency"])) in pledged:
            continue  # the same pledge, already counted from commitments
        evidence = _evidence(r, "year")
        out.append(
            {
                "table": "partners",
                "row": r["partner_id"],
                "actor": r["actor"],
                "origin": origin,
                "area": r["target_area"],
                "promise": r["instrument"],
                "amount": r["amount"],
                "unit": _text(r["currency"]),
                "due": "",
                "evidence": evidence,
                "status": "undated",
            }
        )
    return out


def training_rows(data_dir=None) -> list[dict]:
    tp = data.load("training_programmes", data_dir)
    current, _ = _current(tp)
    out = []
    for _, r in current.iterrows():
        announced = _text(r["announced"])
        due = ""
        if announced and pd.notna(r["period_years"]):
            due = str(int(announced[:4]) + int(r["period_years"]))
        evidence = _evidence(r, "announced")
        status = "delivered" if r["measure"] in DONE_MEASURES else _dated_status(due, evidence)
        out.append(
            {
                "table": "training_programmes",
                "row": r["programme_id"],
                "actor": r["funder"],
                "origin": "japanese",  # the table holds training that Japan funds
                "area": r["area"],
                "promise": r["programme"],
                "amount": r["amount"],
                "unit": _text(r["unit"]),
                "due": due,
                "evidence": evidence,
                "status": status,
            }
        )
    return out


def policy_rows(as_of: str, data_dir=None) -> list[dict]:
    """ASEAN governments' production and local-content obligations, due on the date the row gives (when
    the obligation applies); a row without its own evidence date is judged at as_of. Targets are left
    out: most give their year in words only."""
    from evbrief.data.countries import ASEAN

    po = data.load("policies", data_dir)
    current, _ = _current(po)
    current = current[current["policy_type"].isin(POLICY_DEADLINES) & current["area"].isin(ASEAN)]
    out = []
    for _, r in current.iterrows():
        due = _text(r["date"])[:7]
        evidence = _evidence(r) or as_of
        out.append(
            {
                "table": "policies",
                "row": _text(r.get("row_id")) or f"{r['area']}:{r['title'][:40]}",
                "actor": r["area"],
                "origin": HOST,
                "area": r["area"],
                "promise": r["title"],
                "amount": None,
                "unit": "",
                "due": due,
                "evidence": evidence,
                "status": _dated_status(due, evidence),
            }
        )
    return out


def newest_evidence(data_dir=None) -> str:
    """The newest date of evidence in the promise tables (what 'now' is for a row without its own)."""
    rows = commitment_rows(data_dir) + plant_rows(data_dir) + training_rows(data_dir)
    return max(r["evidence"] for r in rows if r["evidence"])


def promise_table(as_of: str | None = None, data_dir=None) -> pd.DataFrame:
    """Every promise with what it promised, by when, and its status by the rule above."""
    as_of = as_of or newest_evidence(data_dir)
    rows = (
        commitment_rows(data_dir)
        + plant_rows(data_dir)
        + partner_rows(data_dir)
        + training_rows(data_dir)
        + policy_rows(as_of, data_dir)
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def counts(table: pd.DataFrame) -> pd.DataFrame:
    """origin, status, count: the promises of each origin by status (statuses in STATUSES order)."""
    c = table.groupby(["origin", "status"]).size().rename("count").reset_index()
    order = {s: i for i, s in enumerate(STATUSES)}
    return c.sort_values(
        ["origin", "status"], key=lambda s: s.map(order) if s.name == "status" else s
    )

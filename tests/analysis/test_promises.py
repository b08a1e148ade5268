"""Promise against delivery: the statuses follow the stated rule, and the counts by actor origin and status
are recomputed here from the CSV files with the csv module, by the rule as written in
evbrief.analysis.promises' docstring, not through its code."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path

import pandas as pd
from evbrief import PROJECT_ROOT
from evbrief.analysis import promises

DATA = Path(os.environ.get("EVBRIEF_DATA_DIR") or PROJECT_ROOT / "data")
ISO = {"JPN": "japanese", "CHN": "chinese", "KOR": "korean", "USA": "american", "EU27": "european"}
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")


def all_rows_of(name: str, folder: Path = DATA) -> list[dict]:
    """Every row of a table, superseded ones included."""
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


def rows_of(name: str, folder: Path = DATA) -> list[dict]:
    """The current rows of a table (no later row replaces them)."""
    return [r for r in all_rows_of(name, folder) if not r.get("superseded_by")]


def year_text(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


def newest(*dates: str) -> str:
    return max((year_text(d)[:10] for d in dates if d), default="")


def before(due: str, evidence: str) -> bool:
    return bool(due) and bool(evidence) and due < evidence[: len(due)]


def independent_statuses(folder: Path = DATA) -> Counter:
    """(origin, status) -> count, by the rule, from the CSV files."""
    out: list[tuple[str, str]] = []
    # a row that replaced a larger one of the same promise was cut (by the rows' superseded_by)
    replaced = {
        r.get("superseded_by"): float(r["amount"])
        for r in all_rows_of("commitments", folder)
        if r.get("superseded_by") and r["amount"]
    }
    for r in rows_of("commitments", folder):
        if r["commitment_id"] in replaced and r["amount"]:
            if float(r["amount"]) < replaced[r["commitment_id"]]:
                out.append((ISO.get(r["actor_origin"], "other"), "cut"))
                continue
        due = r["period_end"]
        if due.startswith("FY"):
            due = f"{int(due[2:]) + 1}-03"
        due = due[:7]
        if r["measure"] == "launch_year" and not due:
            due = str(int(float(r["amount"])))
        ev = newest(r["announced_date"], r.get("as_of", ""), r.get("checked", ""))
        out.append((ISO.get(r["actor_origin"], "other"), dated(due, ev)))
    for r in rows_of("plants", folder):
        if not r["announced_year"] and r["status"] not in (
            "announced",
            "under_construction",
            "cancelled",
        ):
            continue
        due = year_text(r["start_year"])
        ev = newest(r["status_as_of"], r.get("as_of", ""), r.get("checked", ""))
        if r["status"] in ("operating", "closing", "closed", "consolidated"):
            status = "delivered"
        elif r["status"] in ("cancelled", "suspended"):
            status = "cancelled"
        elif not due:
            status = "undated"
        elif before(due, ev):
            status = "late"
        else:
            status = "on track" if r["status"] == "under_construction" else "pending"
        out.append((r["origin"], status))
    pledged = {
        (ISO.get(c["actor_origin"], "other"), float(c["amount"]), c["currency"])
        for c in rows_of("commitments", folder)
        if c["amount"]
    }
    for r in rows_of("partners", folder):
        origin = ISO.get(r["partner"], "other")
        if r["amount"] and (origin, float(r["amount"]), r["currency"]) not in pledged:
            out.append((origin, "undated"))
    done = ("trainees_cumulative", "companies_trained", "experts_dispatched")
    for r in rows_of("training_programmes", folder):
        due = ""
        if r["announced"] and r["period_years"]:
            due = str(int(r["announced"][:4]) + int(float(r["period_years"])))
        ev = newest(r["announced"], r.get("as_of", ""), r.get("checked", ""))
        out.append(("japanese", "delivered" if r["measure"] in done else dated(due, ev)))
    as_of = promises.newest_evidence(folder)
    for r in rows_of("policies", folder):
        if r["policy_type"] in ("offset_obligation", "local_content") and r["area"] in ASEAN:
            ev = newest(r.get("as_of", ""), r.get("checked", "")) or as_of
            out.append(("host government", dated(r["date"][:7], ev)))
    return Counter(out)


def dated(due: str, evidence: str) -> str:
    if not due:
        return "undated"
    return "unconfirmed" if before(due, evidence) else "pending"


def independent_count(origin: str, status: str) -> int:
    c = independent_statuses()
    if status == "all":
        return sum(n for (o, _), n in c.items() if o == origin)
    return c[(origin, status)]


def test_counts_by_origin_and_status_are_recomputed():
    table = promises.promise_table()
    mine = Counter(zip(table["origin"], table["status"], strict=True))
    assert mine == independent_statuses()


def test_the_table_lists_every_pledge_and_announced_plant():
    table = promises.promise_table()
    listed = set(zip(table["table"], table["row"], strict=True))
    for c in rows_of("commitments"):
        assert ("commitments", c["commitment_id"]) in listed
    for p in rows_of("plants"):
        if p["announced_year"] or p["status"] in ("announced", "under_construction"):
            assert ("plants", p.get("row_id") or p["plant_id"]) in listed
    assert set(table["status"]) <= set(promises.STATUSES)
    assert table["status"].notna().all()


# --- the rule on purpose-built rows ---------------------------------------------------------------


def test_a_plant_past_its_start_year_and_not_operating_is_late():
    assert promises.passed("2024", "2025") and not promises.passed("2025", "2025")
    assert promises.due_of("FY2030") == "2031-03" and promises.due_of("2025-12") == "2025-12"


def _declare(folder: Path, name: str, columns: list[str]) -> None:
    """Add string fields to a table's schema in the copy's datapackage.json (where not yet declared)."""
    file = folder / "datapackage.json"
    package = json.loads(file.read_text())
    res = next(r for r in package["resources"] if r["name"] == name)
    have = {f["name"] for f in res["schema"]["fields"]}
    res["schema"]["fields"] += [{"name": c, "type": "string"} for c in columns if c not in have]
    file.write_text(json.dumps(package, indent=2))


def _clocked(data_copy: Path) -> Path:
    """A copy of data/ whose plants and commitments carry the clock, with one superseded row."""
    _declare(data_copy, "plants", ["row_id", "as_of", "checked", "superseded_by"])
    _declare(data_copy, "commitments", ["as_of", "checked", "superseded_by"])
    pl = pd.read_csv(data_copy / "plants.csv", dtype=str, keep_default_na=False)
    if "row_id" not in pl.columns:
        pl.insert(0, "row_id", pl["plant_id"])
    for col in ("as_of", "checked", "superseded_by"):
        if col not in pl.columns:
            pl[col] = ""
    i = pl.index[pl["plant_id"] == "chery-tha-rayong"][0]
    # Chery, under construction with a start year of 2025: checked again in 2026, so it is late now
    pl.loc[i, "checked"] = "2026-06-01"
    pl.to_csv(data_copy / "plants.csv", index=False)
    cm = pd.read_csv(data_copy / "commitments.csv", dtype=str, keep_default_na=False)
    for col in ("as_of", "checked", "superseded_by"):
        if col not in cm.columns:
            cm[col] = ""
    old = cm[cm["commitment_id"] == "C22"].iloc[0].copy()
    cm.loc[cm["commitment_id"] == "C22", "superseded_by"] = "C22b"
    new = old.copy()
    new["commitment_id"], new["amount"] = "C22b", "5000000000000"  # cut from Rp 10 tn to Rp 5 tn
    cm = pd.concat([cm, new.to_frame().T], ignore_index=True)
    cm.to_csv(data_copy / "commitments.csv", index=False)
    return data_copy


def _row(table: pd.DataFrame, plant_id: str):
    """The promise table's key of a plant's current row (plants are keyed by row_id)."""
    return next(k for k in table.index if k[0] == "plants" and k[1].startswith(plant_id))


def test_the_clock_excludes_superseded_rows_and_shows_a_cut():
    # the shipped data: Honda's plan of May 2024 (C04) replaced by the smaller one of May 2025 (C53)
    table = promises.promise_table().set_index(["table", "row"])
    assert ("commitments", "C04") not in table.index
    assert table.loc[("commitments", "C53"), "status"] == "cut"
    # Chery, under construction with a start year of 2025, checked in late 2026: late
    assert table.loc[_row(table, "chery-tha-rayong"), "status"] == "late"


def test_a_plant_checked_before_its_start_year_is_on_track(data_copy):
    pl = pd.read_csv(data_copy / "plants.csv", dtype=str, keep_default_na=False)
    pl.loc[pl["plant_id"] == "chery-tha-rayong", "checked"] = "2025-03-01"
    pl.to_csv(data_copy / "plants.csv", index=False)
    table = promises.promise_table(data_dir=data_copy).set_index(["table", "row"])
    assert table.loc[_row(table, "chery-tha-rayong"), "status"] == "on track"


def test_the_independent_rule_would_see_a_change(data_copy):
    """The recount is not the code's own output: editing a row moves both, and they still agree."""
    pl = pd.read_csv(data_copy / "plants.csv", dtype=str, keep_default_na=False)
    pl.loc[pl["plant_id"] == "chery-tha-rayong", "status_as_of"] = "2027"
    pl.to_csv(data_copy / "plants.csv", index=False)
    mine = promises.promise_table(data_dir=data_copy)
    assert ("chinese", "late") in set(zip(mine["origin"], mine["status"], strict=True))
    assert Counter(zip(mine["origin"], mine["status"], strict=True)) == independent_statuses(
        data_copy
    )

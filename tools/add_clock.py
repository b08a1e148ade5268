"""One-off (re-runnable) filler: give every compiled table of data/ its clock columns.

Issue 21. Each row of a compiled table gets
  row_id         a stable, readable id where the table has no single-column id (plants: its primary key)
  as_of          the date the source states the fact (the row's own date, else its source's date)
  checked        the day the row was last confirmed: the date of the commit that last changed its
                 line(s) in the CSV (`git blame`), for the rows that existed before this script
  valid_from,
  valid_to       when a plan, pledge, status or policy applies, where the row's own columns say it
  superseded_by  the id of the row that replaces it (blank: current)

Only blank cells are filled, so the script can be run again (after rows are added) without changing
what it, or a person, filled before; `--check` reports what it would fill and writes nothing.

    python tools/add_clock.py [--data-dir data] [--check]

Where it infers, it says so here:
- a source's date is the YYYYMMDD in its id when that agrees with the source's `year`, else the year;
  a row citing several sources takes the latest;
- plants: as_of is `status_as_of` (the source's full date where the source is of that year);
  valid_from is the same (a status holds from when it is stated);
- commitments: valid_from is `announced_date`, valid_to is `period_end` with a Japanese fiscal year
  FYn read as ending in March n+1 (the fiscal year of the Japanese government and companies);
- training_programmes: valid_from is `announced`, valid_to its year plus `period_years`;
- biofuel_mandates: valid_from/valid_to are `effective_date`/`end_date`; a planned or announced blend
  with a postponement of the same blend and date from another source is superseded by it;
- policies: as_of is the source's date (the policy's `date` is when it applies, which can be later),
  else `date` if it has passed; valid_from is `date`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK = ("as_of", "checked", "valid_from", "valid_to", "superseded_by")

#: compiled tables and their id column (row_id is added where the table has none)
COMPILED = {
    "commitments": "commitment_id",
    "plants": "row_id",
    "policies": "row_id",
    "partners": "partner_id",
    "biofuel_mandates": "row_id",
    "training_programmes": "programme_id",
    "powertrain_sales": "row_id",
    "brand_shares": "row_id",
    "scenario_evidence": "row_id",
    "auto_workforce": "row_id",
    "lifecycle_parameters": "row_id",
}

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
FIELDS = {
    "row_id": {
        "name": "row_id",
        "type": "string",
        "description": "Stable, readable id of this row (what `superseded_by` names); never reused",
        "constraints": {"required": True, "unique": True, "pattern": r"^[a-z0-9][a-z0-9._-]*$"},
    },
    "as_of": {
        "name": "as_of",
        "type": "string",
        "description": "Date the source states the fact (YYYY, YYYY-MM or YYYY-MM-DD): the row's own "
        "date (announcement, status year, policy date) or else its source's publication date; blank "
        "only where the source is undated (its `year` is n.d.)",
        "constraints": {"pattern": DATE},
    },
    "checked": {
        "name": "checked",
        "type": "date",
        "description": "Day the row was last confirmed against its source (YYYY-MM-DD); for rows "
        "compiled before the clock columns, the date of the commit that last changed the row",
        "constraints": {"required": True},
    },
    "valid_from": {
        "name": "valid_from",
        "type": "string",
        "description": "When the plan, pledge, status or policy starts to apply (YYYY, YYYY-MM or "
        "YYYY-MM-DD), where stated; blank otherwise",
        "constraints": {"pattern": DATE},
    },
    "valid_to": {
        "name": "valid_to",
        "type": "string",
        "description": "When the plan, pledge, status or policy stops applying or is due (YYYY, "
        "YYYY-MM or YYYY-MM-DD; a Japanese fiscal year FYn ends in March n+1), where stated",
        "constraints": {"pattern": DATE},
    },
    "superseded_by": {
        "name": "superseded_by",
        "type": "string",
        "description": "Id of the row of this table that replaces this one (a later publication "
        "changed the fact); blank while the row is current. Nothing is overwritten",
    },
}


def slug(text: str, words: int = 3) -> str:
    stop = {"the", "a", "an", "of", "for", "and", "to", "on", "in", "by", "with", "at"}
    tokens = [t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in stop]
    return "-".join(tokens[:words]) or "row"


def base_id(table: str, r: dict) -> str:
    low = {k: (v or "").strip().lower() for k, v in r.items()}
    if table == "plants":
        return f"{low['plant_id']}-{low['status_as_of'] or 'undated'}"
    if table == "policies":
        return f"pol-{low['area']}-{low['date'][:4] or 'undated'}-{slug(r['title'])}"
    if table == "biofuel_mandates":
        letter = {"biodiesel": "b", "ethanol": "e"}.get(low["fuel"], low["fuel"])
        date = low["effective_date"] or "undated"
        return f"bm-{low['area']}-{letter}{low['blend_pct']}-{date}-{low['status']}"
    if table == "powertrain_sales":
        return f"pt-{low['area']}-{low['year']}-{low['period']}-{low['powertrain']}"
    if table == "brand_shares":
        return f"bs-{low['area']}-{low['year']}-{low['period']}-{low['segment']}-{low['group']}"
    if table == "auto_workforce":
        return f"wf-{low['area']}-{low['year']}-{low['scope']}"
    raise KeyError(table)


def clean(rid: str) -> str:
    """An id of lower-case letters, digits and . _ - only (a group 'Toyota (incl. Lexus)' -> toyota-incl.-lexus)."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9._-]+", "-", rid.lower())).strip("-")


def source_dates(res: dict) -> dict[str, str]:
    out = {}
    for s in res.get("sources", []):
        year = str(s.get("year", ""))
        m = re.search(r"(20\d{2})(\d{2})(\d{2})(?!\d)", s["id"])
        if m and m.group(1) == year and "01" <= m.group(2) <= "12" and "01" <= m.group(3) <= "31":
            out[s["id"]] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        else:  # an undated source ("n.d.") gives no date
            out[s["id"]] = year if re.fullmatch(r"\d{4}", year) else ""
    return out


def source_date(r: dict, dates: dict[str, str]) -> str:
    found = [dates.get(s.strip(), "") for s in (r.get("source_id") or "").split(";")]
    return max((d for d in found if d), default="")


def fiscal_end(text: str, origin: str) -> str:
    text = (text or "").strip()
    m = re.fullmatch(r"FY(\d{4})", text)
    if m:
        return f"{int(m.group(1)) + 1}-03" if origin == "JPN" else ""
    return text if re.fullmatch(DATE, text) else ""


def as_of(table: str, r: dict, dates: dict[str, str]) -> str:
    src = source_date(r, dates)
    own = {
        "commitments": r.get("announced_date"),
        "training_programmes": r.get("announced"),
    }.get(table)
    if table == "policies":  # `date` is when it applies, which may lie after the source's date
        date = (r.get("date") or "").strip()
        return src or (date if date <= datetime.now(UTC).strftime("%Y-%m-%d") else "")
    if table == "plants":
        year = r["status_as_of"]
        return src if src[:4] == year else year
    return (own or "").strip() or src


def validity(table: str, r: dict) -> tuple[str, str]:
    if table == "plants":
        return r["status_as_of"], ""
    if table == "commitments":
        return r["announced_date"], fiscal_end(r["period_end"], r["actor_origin"])
    if table == "training_programmes":
        start = r["announced"]
        end = str(int(start[:4]) + int(r["period_years"])) if start and r["period_years"] else ""
        return start, end
    if table == "biofuel_mandates":
        return r["effective_date"], r["end_date"]
    if table == "policies":
        return r["date"], ""
    return "", ""


def blame_dates(path: Path) -> list[str]:
    """The committer date (UTC, YYYY-MM-DD) of each line of a file, as of HEAD."""
    out = subprocess.run(
        ["git", "blame", "--line-porcelain", "HEAD", "--", path.relative_to(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stamps = [
        int(line.split()[1]) for line in out.splitlines() if line.startswith("committer-time ")
    ]
    return [datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d") for t in stamps]


def records(text: str) -> tuple[list[str], list[tuple[list[str], int, int]]]:
    """Header and (record, first line, last line) of a CSV text (lines numbered from 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    out, start = [], reader.line_num + 1
    for rec in reader:
        if rec:
            out.append((rec, start, reader.line_num))
        start = reader.line_num + 1
    return header, out


def supersessions(rows: list[dict]) -> dict[int, str]:
    """biofuel_mandates: a plan or announcement postponed by a later source (same blend and date)."""
    out = {}
    for i, r in enumerate(rows):
        if r["status"] not in ("planned", "announced") or not r["effective_date"]:
            continue
        for p in rows:
            same = all(p[k] == r[k] for k in ("area", "fuel", "blend_pct", "effective_date"))
            if same and p["status"] == "postponed" and p["source_id"] != r["source_id"]:
                out[i] = p["row_id"]
    return out


def fill(table: str, folder: Path, res: dict) -> tuple[str, int]:
    path = folder / res["path"]
    text = path.read_text(encoding="utf-8")
    header, recs = records(text)
    id_col = COMPILED[table]
    new_header = list(header)
    if id_col not in new_header:
        new_header.insert(0, id_col)
    new_header += [c for c in CLOCK if c not in new_header]
    blamed = blame_dates(path) if not all(c in header for c in CLOCK) else []
    dates = source_dates(res)
    rows, filled, used = [], 0, set()
    for rec, first, last in recs:
        r = dict.fromkeys(new_header, "") | dict(zip(header, rec, strict=True))
        before = dict(r)
        if not r[id_col]:
            base = clean(base_id(table, r))
            rid, n = base, 1
            while rid in used:
                n += 1
                rid = f"{base}-{n}"
            r[id_col] = rid
        used.add(r[id_col])
        r["as_of"] = r["as_of"] or as_of(table, r, dates)
        if not r["checked"] and blamed:
            r["checked"] = max(blamed[first - 1 : last])
        start, end = validity(table, r)
        r["valid_from"] = r["valid_from"] or start
        r["valid_to"] = r["valid_to"] or end
        filled += r != before
        rows.append(r)
    if table == "biofuel_mandates":
        for i, rid in supersessions(rows).items():
            if not rows[i]["superseded_by"]:
                rows[i]["superseded_by"] = rid
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(new_header)
    w.writerows([r[c] for c in new_header] for r in rows)
    return out.getvalue(), filled


def schema(res: dict) -> None:
    """The clock fields (and row_id, first) in the table's schema; plants keyed by row_id."""
    table, fields = res["name"], res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if COMPILED[table] == "row_id" and "row_id" not in names:
        fields.insert(0, FIELDS["row_id"])
    fields += [FIELDS[c] for c in CLOCK if c not in names]
    res["schema"]["rowId"] = COMPILED[table]
    if table == "plants":
        res["schema"]["primaryKey"] = ["row_id"]
        plant = next(f for f in fields if f["name"] == "plant_id")
        if plant.get("constraints", {}).pop("unique", None):  # unique among current rows: a rule
            plant["description"] += (
                "; unique among the current rows (a rule), so a plant's history keeps one id"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default=str(ROOT / "data"))
    ap.add_argument("--check", action="store_true", help="say what would be filled; write nothing")
    args = ap.parse_args(argv)
    folder = Path(args.data_dir)
    pkg_file = folder / "datapackage.json"
    package = json.loads(pkg_file.read_text(encoding="utf-8"))
    outputs = {}
    for res in package["resources"]:
        if res["name"] not in COMPILED:
            continue
        text, n = fill(res["name"], folder, res)
        schema(res)
        outputs[folder / res["path"]] = text
        print(f"{res['name']}: {n} row(s) filled")
    if args.check:
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    pkg_file.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

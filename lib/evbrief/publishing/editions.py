"""Editions: what readers of the next edition compare against, and what changed since the last one.

`evbrief render --all --edition LABEL` archives, under editions/<LABEL>/ (committed with the
repository, beside data/, because reports/ is not): each report's claims file, the briefings' key
messages, and the data vintage (a copy of data/ as it was rendered). Comparing two archives gives
facts only (moved claims, source revisions, new and dropped data, changed key messages); the
`changes` notebook and the briefing word them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evbrief import PROJECT_ROOT
from evbrief.core.files import copy_if_changed, write_text_atomic
from evbrief.publishing import manifest as manifest_file

if TYPE_CHECKING:  # imported where a comparison is made: the index of a publication lists the
    import pandas as pd  # editions (index_html) on the standard library alone

EDITIONS_DIR = PROJECT_ROOT / "editions"
EDITION_FILE = "edition.json"
#: Tables whose new and dropped rows the comparison names, with the columns that name a row.
NAMED_ROWS = {
    "plants": ("company", "area", "plant_type"),
    "policies": ("area", "title"),
    "commitments": ("actor", "title"),
}


def editions_dir(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("EVBRIEF_EDITIONS_DIR") or EDITIONS_DIR)


def labels(path=None) -> list[str]:
    """Archived editions, oldest first (by the time they were archived, then by label)."""
    folder = editions_dir(path)
    found = []
    for file in folder.glob(f"*/{EDITION_FILE}"):
        meta = json.loads(file.read_text(encoding="utf-8"))
        found.append((meta.get("created", ""), meta["label"]))
    return [label for _, label in sorted(found)]


def read(label: str, path=None) -> dict:
    file = editions_dir(path) / label / EDITION_FILE
    if not file.exists():
        known = ", ".join(labels(path)) or "none yet"
        raise ValueError(f"no edition {label!r} in {editions_dir(path)}. Editions: {known}")
    return json.loads(file.read_text(encoding="utf-8"))


def previous(label: str | None = None, path=None) -> str | None:
    """The edition before `label` (before none: the latest), or None for the first."""
    known = labels(path)
    if label is None:
        return known[-1] if known else None
    before = known[: known.index(label)] if label in known else known
    return before[-1] if before else None


# --- archiving -----------------------------------------------------------------------------------


def key_messages(page: str) -> list[str]:
    """The sentences under a report's "Key messages" heading, as the reader sees them."""
    found = re.search(r"<h2[^>]*>\s*Key messages.*?</h2>(.*?)(?=<h2|\Z)", page, flags=re.S | re.I)
    if not found:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), flags=re.S) or re.findall(
        r"<p[^>]*>(.*?)</p>", found.group(1), flags=re.S
    )
    text = [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in items]
    return [re.sub(r"\s+", " ", t).replace("¶", "").strip() for t in text if t.strip()]


def check_label(label: str) -> None:
    """Refuse a label that cannot name a folder, before anything is rendered for it."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", label):
        raise ValueError(f"edition label {label!r}: use letters, digits, '.', '_' or '-'")


def archive(out_dir: Path, label: str, path=None, data_path=None) -> Path:
    """editions/<label>/: every rendered report's claims and key messages, and the data."""
    from evbrief.data import tables as data

    check_label(label)
    target = editions_dir(path) / label
    manifest = manifest_file.read(out_dir)
    old = (target / EDITION_FILE).exists() and read(label, path)
    reports = {}
    for stem, entry in sorted(manifest["reports"].items()):
        claims = out_dir / f"{stem}.claims.json"
        if entry.get("notebook") == "changes" or not claims.exists():
            continue
        copy_if_changed(claims, target / "claims" / claims.name)
        page = out_dir / f"{stem}.html"
        reports[stem] = {
            "notebook": entry["notebook"],
            "title": entry.get("title", ""),
            "parameters": entry.get("parameters", {}),
            "claims": f"claims/{claims.name}",
            "key_messages": key_messages(page.read_text(encoding="utf-8")) if page.exists() else [],
        }
    folder = data.data_dir(data_path)
    package = data.read_package(folder)
    for res in package["resources"]:
        copy_if_changed(folder / res["path"], target / "data" / res["path"])
    copy_if_changed(folder / data.PACKAGE_FILE, target / "data" / data.PACKAGE_FILE)
    vintage = {
        res["name"]: sorted(s["id"] for s in res.get("sources", [])) for res in package["resources"]
    }
    meta = {
        "label": label,
        "created": (old or {}).get("created")
        or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "previous": (old or {}).get("previous", previous(None, path)),
        "reports": reports,
        "sources": vintage,
    }
    write_text_atomic(
        target / EDITION_FILE, json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
    return target


def index_html(path=None) -> str:
    """The index page's paragraph naming the editions and linking what changed."""
    known = labels(path)
    if not known:
        return ""
    items = ", ".join(html.escape(label) for label in reversed(known))
    return (
        f"<p>Editions archived (newest first): {items}. "
        '<a href="changes.html">What changed since the last edition</a>.</p>'
    )


# --- comparing -----------------------------------------------------------------------------------


@dataclass
class MovedClaim:
    """A number stated in both editions (same report, same statement) whose value moved."""

    report: str
    name: str
    unit: str
    old: float
    new: float
    old_display: str
    new_display: str
    sentence: str
    key_message: bool = False
    dataset: str = ""
    old_name: str = ""  # the name in the earlier edition (differs when the latest year moved)

    @property
    def change(self) -> float:
        return self.new - self.old

    @property
    def statement(self) -> str:
        """The claim's name, with the earlier one when the latest year moved (2024 -> 2025)."""
        return self.name if self.old_name in ("", self.name) else f"{self.old_name} -> {self.name}"

    @property
    def relative(self) -> float | None:
        return self.change / abs(self.old) if self.old else None

    @property
    def importance(self) -> tuple:
        """Key messages first, then the largest relative move (a move from zero counts as largest)."""
        rel = abs(self.relative) if self.relative is not None else float("inf")
        return (self.key_message, rel)


@dataclass
class Changes:
    """The facts of one edition against the one before it; `first` when there is none."""

    current: str | None
    previous: str | None
    moved: list[MovedClaim] = field(default_factory=list)  # most important first
    revisions: dict[str, list] = field(default_factory=dict)  # table -> update.Revision
    added: dict[str, list[str]] = field(default_factory=dict)  # areas, years, plants, ...
    dropped: dict[str, list[str]] = field(default_factory=dict)
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # report, old, new
    sources: dict[str, tuple[list, list]] = field(default_factory=dict)  # table: old, new ids

    @property
    def first(self) -> bool:
        return self.previous is None


def latest_name(claim: dict, end_year) -> str:
    """A claim's name with the report's end year written as "latest".

    "Thailand's share in the latest year" is the same statement in two editions even when the
    latest year moved from 2024 to 2025; this name matches them.
    """
    detail = claim.get("detail", {})
    parts = [
        "latest" if k in ("year", "to_year") and str(v) == str(end_year) else str(v)
        for k, v in detail.items()
        if k != "kind"
    ]
    return ":".join([str(detail.get("kind", claim["name"])), *parts])


def _claims(label: str, path=None) -> dict[tuple[str, str], dict]:
    meta = read(label, path)
    folder = editions_dir(path) / label
    out = {}
    for stem, entry in meta["reports"].items():
        file = json.loads((folder / entry["claims"]).read_text(encoding="utf-8"))
        end = file.get("parameters", {}).get("end_year")
        for claim in file.get("claims", []):
            out[(stem, claim["name"])] = {**claim, "latest_name": latest_name(claim, end)}
    return out


def _pairs(old: dict, new: dict) -> list[tuple[dict, dict]]:
    """Claims of the same report stating the same thing: same name, else the same latest_name
    (when that names exactly one claim of the report in the earlier edition)."""
    pairs = [(old[k], new[k]) for k in sorted(set(old) & set(new))]
    by_latest: dict[tuple[str, str], list[dict]] = {}
    for (stem, name), c in old.items():
        if (stem, name) not in new:
            by_latest.setdefault((stem, c["latest_name"]), []).append(c)
    for (stem, name), c in sorted(new.items()):
        found = by_latest.get((stem, c["latest_name"]), [])
        if (stem, name) not in old and len(found) == 1 and ":latest" in c["latest_name"]:
            pairs.append((found[0], c))
    return pairs


def _moved(old_label: str, new_label: str, path=None) -> list[MovedClaim]:
    old, new = _claims(old_label, path), _claims(new_label, path)
    stems = {id(c): k[0] for k, c in new.items()}
    messages = {
        stem: " ".join(entry.get("key_messages", []))
        for stem, entry in read(new_label, path)["reports"].items()
    }
    moved = []
    for a, b in _pairs(old, new):
        if a["unit"] != b["unit"] or a["value"] == b["value"]:
            continue
        key = (stems[id(b)], b["name"])
        moved.append(
            MovedClaim(
                key[0],
                key[1],
                b["unit"],
                a["value"],
                b["value"],
                a["display"],
                b["display"],
                b.get("sentence", ""),
                key_message=bool(b.get("sentence")) and b["display"] in messages.get(key[0], ""),
                dataset=b.get("dataset", ""),
                old_name=a["name"],
            )
        )
    return sorted(moved, key=lambda m: m.importance, reverse=True)


def _table(label: str, name: str, path=None) -> pd.DataFrame | None:
    from evbrief.data import tables as data

    folder = editions_dir(path) / label / "data"
    try:
        return data.load(name, folder)
    except (KeyError, data.DataError):
        return None


def _row_names(frame: pd.DataFrame, columns: tuple[str, ...]) -> set[str]:
    import pandas as pd

    return {
        ", ".join(str(v) for v in row if pd.notna(v))
        for row in frame[list(columns)].itertuples(False)
    }


def compare(current: str | None = None, before: str | None = None, path=None) -> Changes:
    """The facts of edition `current` (default: the latest) against `before` (default: the one
    before it). With no earlier edition, `Changes.first` is true and the lists are empty."""
    from evbrief.data import tables as data
    from evbrief.data.update import compare as compare_tables

    current = current or previous(None, path)
    if current is None:
        return Changes(None, None)
    before = before or previous(current, path)
    changes = Changes(current, before)
    if before is None:
        return changes
    changes.moved = _moved(before, current, path)
    new_package = data.read_package(editions_dir(path) / current / "data")
    old_package = data.read_package(editions_dir(path) / before / "data")
    old_names = {r["name"] for r in old_package["resources"]}
    for res in new_package["resources"]:
        name = res["name"]
        if name not in old_names:
            changes.added.setdefault("tables", []).append(name)
            continue
        old_res = data.resource(name, old_package)
        old_ids = sorted(s["id"] for s in old_res.get("sources", []))
        new_ids = sorted(s["id"] for s in res.get("sources", []))
        if old_ids != new_ids:
            changes.sources[name] = (old_ids, new_ids)
        a, b = _table(before, name, path), _table(current, name, path)
        if a is None or b is None:
            continue
        if name == "ev_sales":
            diff = compare_tables(res, a, b)
            if diff.revisions:
                changes.revisions[name] = diff.revisions
            for kind, added, dropped in (
                ("areas", diff.areas_added, diff.areas_removed),
                ("years", diff.years_added, diff.years_removed),
            ):
                if added:
                    changes.added[kind] = [str(x) for x in added]
                if dropped:
                    changes.dropped[kind] = [str(x) for x in dropped]
        if name in NAMED_ROWS:
            cols = NAMED_ROWS[name]
            was, now = _row_names(a, cols), _row_names(b, cols)
            if now - was:
                changes.added[name] = sorted(now - was)
            if was - now:
                changes.dropped[name] = sorted(was - now)
    old_meta, new_meta = read(before, path), read(current, path)
    for stem, entry in new_meta["reports"].items():
        was = old_meta["reports"].get(stem, {}).get("key_messages", [])
        now = entry.get("key_messages", [])
        for i in range(max(len(was), len(now))):
            a = was[i] if i < len(was) else ""
            b = now[i] if i < len(now) else ""
            if a != b:
                changes.messages.append((stem, a, b))
    return changes


def revisions_frame(changes: Changes, table: str = "ev_sales", largest: int = 10) -> pd.DataFrame:
    """The largest revisions of earlier years' figures, as a table for a report."""
    import pandas as pd

    rows = [
        {
            **dict(zip(("area", "year", "powertrain"), r.key, strict=False)),
            "measure": r.column,
            changes.previous: f"{r.old:,.6g}",  # shares below 0.1% and sales in millions alike
            changes.current: f"{r.new:,.6g}",
            "change (%)": round(100 * r.change, 1) if r.old else None,
        }
        for r in changes.revisions.get(table, [])[:largest]
    ]
    return pd.DataFrame(rows)


def moved_frame(changes: Changes, largest: int = 15) -> pd.DataFrame:
    """The claims that moved most, as a table: report, statement, old, new, change."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "report": m.report,
                "statement": m.statement,
                changes.previous: m.old_display,
                changes.current: m.new_display,
                "change": round(m.change, 2),
            }
            for m in changes.moved[:largest]
        ]
    )


def briefing_facts(register, stem: str, end_year: int | None = None, path=None) -> dict:
    """Facts for a briefing's short "What changed since the last edition" section.

    Call it after the analysis sections, with the report's claims register (report.claims), the
    report's stem and its end year (ctx.end_year): the claims stated so far are compared with the
    same report's claims in the latest archived edition (the same statement, also when the latest
    year moved), and data/ with that edition's data. Returns a dict: first (no earlier edition),
    previous (its label), moved (MovedClaim list, most important first: .statement, .old_display,
    .new_display, .old, .new, .unit), revised (how many ev_sales values the source revised),
    largest_revision (the largest update.Revision, or None), added / dropped (areas, years,
    plants, policies, commitments: lists of names). The notebook words them with report.md.
    """
    from evbrief.data import tables as data
    from evbrief.data.update import compare as compare_tables

    before = previous(None, path)
    facts = {
        "first": before is None,
        "previous": before,
        "moved": [],
        "revised": 0,
        "largest_revision": None,
        "added": {},
        "dropped": {},
    }
    if before is None:
        return facts
    old = {k: c for k, c in _claims(before, path).items() if k[0] == stem}
    new = {}
    for claim in register.claims:
        as_dict = {
            "name": claim.name,
            "value": claim.value,
            "unit": claim.unit,
            "display": claim.display,
            "sentence": claim.sentence,
            "dataset": claim.dataset,
            "detail": claim.detail,
        }
        new[(stem, claim.name)] = {**as_dict, "latest_name": latest_name(as_dict, end_year)}
    for a, b in _pairs(old, new):
        if a["unit"] == b["unit"] and a["value"] != b["value"]:
            facts["moved"].append(
                MovedClaim(
                    stem,
                    b["name"],
                    b["unit"],
                    a["value"],
                    b["value"],
                    a["display"],
                    b["display"],
                    b["sentence"],
                    dataset=b["dataset"],
                    old_name=a["name"],
                )
            )
    facts["moved"].sort(key=lambda m: m.importance, reverse=True)
    package = data.read_package()
    for name in ("ev_sales", *NAMED_ROWS):
        a, b = _table(before, name, path), data.load(name)
        if a is None:
            continue
        if name == "ev_sales":
            diff = compare_tables(data.resource(name, package), a, b)
            facts["revised"] = len(diff.revisions)
            facts["largest_revision"] = diff.revisions[0] if diff.revisions else None
            for kind, added, dropped in (
                ("areas", diff.areas_added, diff.areas_removed),
                ("years", diff.years_added, diff.years_removed),
            ):
                if added:
                    facts["added"][kind] = [str(x) for x in added]
                if dropped:
                    facts["dropped"][kind] = [str(x) for x in dropped]
        else:
            was, now = _row_names(a, NAMED_ROWS[name]), _row_names(b, NAMED_ROWS[name])
            if now - was:
                facts["added"][name] = sorted(now - was)
            if was - now:
                facts["dropped"][name] = sorted(was - now)
    return facts


def remove(label: str, path=None) -> None:
    """Delete an archived edition (for tests and mistakes; editions are otherwise kept)."""
    shutil.rmtree(editions_dir(path) / label, ignore_errors=True)

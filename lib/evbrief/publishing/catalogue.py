"""reports/data.html: the catalogue of every table, with sources, licences, coverage and a CSV copy."""

from __future__ import annotations

import html
from pathlib import Path

from evbrief import TEMPLATES_DIR, __version__
from evbrief.core.files import copy_if_changed, write_text_atomic
from evbrief.data import clock, countries
from evbrief.data import tables as data


def _coverage(frame) -> tuple[str, str]:
    areas = sorted(set(frame["area"].dropna())) if "area" in frame.columns else []
    names = ", ".join(countries.name(a) if a in countries.known_codes() else a for a in areas[:12])
    if len(areas) > 12:
        names += f" and {len(areas) - 12} more"
    years = ""
    for col in ("year", "announced_year"):
        if col in frame.columns and frame[col].notna().any():
            first, last = int(frame[col].min()), int(frame[col].max())
            years = str(first) if first == last else f"{first}–{last}"
            break
    return names, years


def _currency(out_dir: Path, data_path=None, months: int = 6) -> str:
    """Every data row the briefings quote, with its as-of date, age and last check; statuses, plans,
    pledges and policies not checked (or stated) within `months` months are flagged."""
    import json

    quoted: dict[tuple[str, str], set[str]] = {}
    for file in sorted(out_dir.glob("briefing*.claims.json")):
        stem = file.name[: -len(".claims.json")]
        try:
            claims = json.loads(file.read_text(encoding="utf-8"))["claims"]
        except (OSError, ValueError, KeyError):
            continue
        for c in claims:
            for rid in c.get("rows", []):
                quoted.setdefault((c["dataset"], rid), set()).add(stem)
    if not quoted:
        return ""
    today = clock.today()
    due = {(d.table, d.row_id) for rows in clock.due(months, data_path).values() for d in rows}
    lines, flagged = [], 0
    frames: dict[str, object] = {}
    for (name, rid), stems in sorted(quoted.items()):
        if name not in frames:
            frame = data.load(name, data_path, history=True)
            frames[name] = frame.set_index(clock.id_field(name, data_path))
        frame = frames[name]
        if rid not in frame.index:
            continue
        row = frame.loc[rid]
        as_of = clock.text(row["as_of"])
        stated = clock.end(as_of)
        age = f"{clock.months_between(stated, today)} months" if stated else "undated"
        checked = clock.text(row["checked"])[:10]
        flag = (name, rid) in due
        flagged += flag
        mark = ' class="evb-flag"' if flag else ""
        lines.append(
            f"<tr{mark}><td><code>{html.escape(name)}</code></td>"
            f"<td><code>{html.escape(rid)}</code></td><td>{html.escape(as_of) or 'undated'}</td>"
            f"<td>{age}</td><td>{checked}</td>"
            f"<td>{'due for a check' if flag else ''}</td><td>{html.escape(', '.join(sorted(stems)))}</td></tr>"
        )
    return f"""
<section id="currency">
<h2>How current the briefings' evidence is</h2>
<p>Every data row the briefings quote, with the date its source states the fact (as of), its age on
{today:%-d %B %Y}, and the day it was last checked against its source. {flagged} of {len(lines)} are
statuses, plans, pledges or policies stated or checked more than {months} months ago: due for a check
before the next edition (<code>evbrief data stale</code> lists every such row).</p>
<table class="evb-table"><thead><tr><th>table</th><th>row</th><th>as of</th><th>age</th><th>checked</th>
<th>flag</th><th>quoted in</th></tr></thead><tbody>{"".join(lines)}</tbody></table>
</section>"""


def write_catalogue(out_dir: Path, data_path=None) -> Path:
    """The catalogue page and a CSV copy of every table under out_dir/data/."""
    package = data.read_package(data_path)
    folder = data.data_dir(data_path)
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    sections = []
    for res in package["resources"]:
        frame = data.load(res["name"], data_path)
        copy_if_changed(folder / res["path"], out_dir / "data" / res["path"])
        areas, years = _coverage(frame)
        sources = "".join(
            f"<li>{html.escape(str(s.get('publisher', '')))} ({html.escape(str(s.get('year', '')))}). "
            f"<em>{html.escape(s.get('title', ''))}</em>. "
            + (
                f'<a href="{html.escape(s["path"])}">{html.escape(s["path"])}</a>. '
                if s.get("path")
                else ""
            )
            + "Licence: "
            + html.escape(
                "; ".join(lic.get("title") or lic.get("name", "") for lic in s.get("licenses", []))
            )
            + (
                f'. Read from <a href="{html.escape(s["retrieved_from"])}">a copy</a>'
                if s.get("retrieved_from")
                else ""
            )
            + (f". <small>{html.escape(s['note'])}</small>" if s.get("note") else "")
            + "</li>"
            for s in res.get("sources", [])
        )
        fields = "".join(
            f"<tr><td><code>{html.escape(f['name'])}</code></td><td>{html.escape(f.get('type', ''))}</td>"
            f"<td>{html.escape(f.get('unit', ''))}</td><td>{html.escape(f.get('description', ''))}</td></tr>"
            for f in res["schema"]["fields"]
        )
        licence = "; ".join(
            lic.get("title") or lic.get("name", "") for lic in res.get("licenses", [])
        )
        n_sources = len(res.get("sources", []))
        sections.append(f"""
<section id="{html.escape(res["name"])}">
<h2>{html.escape(res["title"])} <small><code>{html.escape(res["name"])}</code></small></h2>
<p>{html.escape(res.get("description", ""))}</p>
<dl class="facts"><dt>Rows</dt><dd>{len(frame):,}</dd><dt>Areas</dt><dd>{html.escape(areas) or "–"}</dd>
<dt>Years</dt><dd>{html.escape(years) or "–"}</dd><dt>Licence</dt><dd>{html.escape(licence)}</dd>
<dt>Download</dt><dd><a href="data/{html.escape(res["path"])}">{html.escape(res["path"])}</a> (CSV)</dd></dl>
<details><summary>Columns</summary><table class="evb-table"><thead><tr><th>column</th><th>type</th><th>unit</th><th>description</th></tr></thead><tbody>{fields}</tbody></table></details>
<details{" open" if n_sources <= 3 else ""}><summary>Sources ({n_sources})</summary><ol>{sources}</ol></details>
</section>""")
    css = (TEMPLATES_DIR / "evbrief" / "report.css").read_text(encoding="utf-8")
    toc = "".join(
        f'<li><a href="#{html.escape(r["name"])}">{html.escape(r["title"])}</a></li>'
        for r in package["resources"]
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>evbrief: the data</title><style>{css}</style></head>
<body><header class="title-block"><p class="kicker">evbrief · Japan–ASEAN automotive strategy</p>
<h1 class="title">The data</h1><p class="subtitle">Every table behind the reports: what it holds, where it came from, under which licence.</p>
<nav class="toc"><ol>{toc}</ol></nav></header><main>{"".join(sections)}{_currency(out_dir, data_path)}</main>
<footer class="colophon"><p>evbrief {__version__}. Schema and sources: data/datapackage.json. Checked by <code>evbrief data validate</code>.</p></footer>
</body></html>
"""
    copy_if_changed(folder / data.PACKAGE_FILE, out_dir / "data" / data.PACKAGE_FILE)
    target = out_dir / "data.html"
    write_text_atomic(target, page)
    return target


def sources_markdown(data_path=None) -> str:
    """Every source of every table with its licence, for data/SOURCES.md (kept in sync by a test)."""
    package = data.read_package(data_path)
    lines = [
        "# Sources of the evbrief data",
        "",
        "Generated from `data/datapackage.json` by `python -m evbrief.publishing.catalogue`; do not edit by hand.",
        "",
    ]
    for res in package["resources"]:
        lines += [f"## {res['title']} (`{res['path']}`)", ""]
        for src in res.get("sources", []):
            licence = "; ".join(
                lic.get("title") or lic.get("name", "") for lic in src.get("licenses", [])
            )
            entry = (
                f"- **{src.get('publisher', '')}** ({src.get('year', '')}). {src.get('title', '')}."
            )
            if src.get("path"):
                entry += f" <{src['path']}>."
            entry += f" Licence: {licence}."
            if src.get("retrieved_from"):
                entry += f" Read from a copy: <{src['retrieved_from']}>."
            if src.get("note"):
                entry += f" Note: {src['note']}"
            if src.get("attribution"):
                entry += f' Attribution: "{src["attribution"]}".'
            lines.append(entry)
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    from evbrief import PROJECT_ROOT

    (PROJECT_ROOT / "data" / "SOURCES.md").write_text(sources_markdown(), encoding="utf-8")

"""reports/index.html: the front door of the publication.

It leads with the flagship briefing as a reader meets it: its title, edition, the key messages it
states and its headline chart (the briefing's first figure, drawn static and light), then the
briefing for each seat at the table, the thematic reports, the country profiles, the data, what
changed and the editions. Everything is read from what was rendered (the manifest and the pages
themselves), on the standard library alone, so the page opens offline and prints as it shows.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from evbrief import TEMPLATES_DIR, __version__
from evbrief.core import language
from evbrief.core.files import write_text_atomic
from evbrief.publishing import declaration
from evbrief.publishing import manifest as manifest_file

FLAGSHIP = "briefing"  # the stem the page leads with, when it was rendered
SEATS = ("briefing", "briefing_ja", "member_briefing")  # notebooks of the briefings, one per seat
THEMATIC = "thematic"
GROUPS = {"country_profile": "profiles", "changes": "changes"}  # any other notebook is thematic
CITATION = re.compile(r"\s*\[\d[\d,–\s]*\]")


# --- what a rendered page says ---------------------------------------------------------------------


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def page_facts(page: str) -> dict:
    """The title block, key messages and first figure of a rendered report page."""
    facts: dict = {}
    for key, pattern in (
        ("title", r'<h1 class="title">(.*?)</h1>'),
        ("subtitle", r'<p class="subtitle">(.*?)</p>'),
    ):
        found = re.search(pattern, page, flags=re.S)
        facts[key] = _text(found.group(1)) if found else ""
    block = re.search(r'<dl class="facts">(.*?)</dl>', page, flags=re.S)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1) if block else "", flags=re.S)
    facts["facts"] = {_text(k): _text(v) for k, v in pairs}
    facts["key_messages"] = key_messages(page)
    figure = re.search(
        r'<figure class="evb-figure" id="figure-1">\s*<div class="evb-static" role="img" '
        r'aria-label="([^"]*)">(.*?)</div>.*?<figcaption>(.*?)</figcaption>',
        page,
        flags=re.S,
    )
    if figure:
        caption = re.sub(r'<span class="(fig-no|cites)">.*?</span>', "", figure.group(3))
        facts["figure"] = {
            "alt": _text(figure.group(1)),
            "svg": figure.group(2).strip(),
            "caption": _text(caption),
        }
    return facts


def key_messages(page: str) -> list[str]:
    """The key messages as HTML (their bold lead kept, the citation marks left to the briefing)."""
    found = re.search(
        r'<h2 id="Key-messages"[^>]*>.*?</h2>(.*?)(?=<h2|<footer|\Z)', page, flags=re.S | re.I
    )
    if not found:
        return []
    items = re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), flags=re.S) or re.findall(
        r"<p[^>]*>(.*?)</p>", found.group(1), flags=re.S
    )
    out = []
    for item in items:
        kept = re.sub(r"<(?!/?strong\b)[^>]+>", "", item)
        kept = CITATION.sub("", kept).replace("¶", "").strip()
        if kept:
            out.append(re.sub(r"\s+", " ", kept))
    return out


# --- the reports, grouped as readers look for them --------------------------------------------------


def _one_per_report(reports: dict, declared: dict) -> dict:
    """One entry per notebook and parameters: the declared stem first, else the latest render.

    Manifests written before stems had one rule may hold the same report under two names.
    """
    chosen: dict[str, tuple] = {}
    for stem, entry in reports.items():
        key = json.dumps([entry.get("notebook"), entry.get("parameters")], sort_keys=True)
        rank = (stem in declared, entry.get("rendered", ""))
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, stem)
    keep = {stem for _, stem in chosen.values()}
    return {stem: entry for stem, entry in reports.items() if stem in keep}


def _declared_order() -> list[str]:
    """publication.toml's order, for a folder that no `render --all` has recorded an order in."""
    try:
        return [job.stem for job in declaration.jobs()]
    except (
        declaration.PublicationError
    ):  # a broken file must not stop the index of what was rendered
        return []


def seat_title(entry: dict) -> tuple[str, str]:
    """Whose briefing it is, and the language of that title: "Thailand's briefing", "日本語版"."""
    if entry.get("notebook") == "briefing_ja":
        return "日本語版", "ja"
    focus = str(entry.get("parameters", {}).get("focus", "ASEAN"))
    if focus.upper() == "ASEAN":
        return "Japan's briefing for the region", "en"
    from evbrief.data import countries

    name = countries.english_name(focus) if focus.upper() in countries.known_codes() else focus
    return f"{name}'s briefing", "en"


def _links(stem: str, entry: dict) -> str:
    files = [f for f in entry.get("files", []) if f.endswith((".html", ".pdf"))]
    return " · ".join(
        f'<a href="{html.escape(f)}">{html.escape(Path(f).suffix.lstrip(".").upper())}</a>'
        for f in files
    )


def _title_link(stem: str, entry: dict, title: str, lang: str = "en") -> str:
    attr = f' lang="{lang}"' if lang != language.SOURCE else ""
    shown = f"<span{attr}>{html.escape(title)}</span>"
    return (
        f'<a href="{html.escape(stem)}.html">{shown}</a>'
        if f"{stem}.html" in entry.get("files", [])
        else shown
    )


def _read(out_dir: Path, stem: str) -> dict:
    page = out_dir / f"{stem}.html"
    return page_facts(page.read_text(encoding="utf-8")) if page.exists() else {}


# --- the page ----------------------------------------------------------------------------------------


def _flagship(out_dir: Path, stem: str, entry: dict) -> str:
    facts = _read(out_dir, stem)
    edition = facts.get("facts", {}).get("Edition") or entry.get("rendered", "")[:10]
    vintage = entry.get("vintage", "")
    messages = "".join(f"<li>{m}</li>" for m in facts.get("key_messages", []))
    figure = facts.get("figure")
    chart = ""
    if figure:
        label = html.escape(f"{figure['caption']} ({figure['alt']})", quote=True)
        chart = (
            f'<figure class="headline"><div class="evb-static" role="img" aria-label="{label}">'
            f"{figure['svg']}</div><figcaption>{html.escape(figure['caption'])}</figcaption></figure>"
        )
    title = facts.get("title") or entry.get("title") or stem
    return f"""<section class="flagship" aria-labelledby="flagship-title">
<p class="kicker">The policy briefing · Edition {html.escape(edition)}{f" · data vintage {html.escape(str(vintage))}" if vintage else ""}</p>
<h1 class="title" id="flagship-title">{_title_link(stem, entry, title)}</h1>
{f'<p class="subtitle">{html.escape(facts["subtitle"])}</p>' if facts.get("subtitle") else ""}
{f'<h2 class="plain">What it finds</h2><ul class="messages">{messages}</ul>' if messages else ""}
{chart}
<p class="read">Read it: {_links(stem, entry)}. The numbers are sourced in the briefing's reference list.</p>
</section>"""


def _section(key: str, heading: str, intro: str, body: str) -> str:
    return (
        f'<section aria-labelledby="{key}"><h2 id="{key}">{heading}</h2>'
        f"{f'<p>{intro}</p>' if intro else ''}{body}</section>"
    )


def _report_list(items: list[tuple[str, dict]], describe=None) -> str:
    rows = []
    for stem, entry in items:
        title, lang = seat_title(entry) if describe else (entry.get("title") or stem, "en")
        extra = f'<br><span class="scope">{html.escape(describe(entry))}</span>' if describe else ""
        note = language.locale(lang).grammar.get("edition_note")
        if note:  # for a reader without the edition's language, what it is
            extra = f' <span class="scope">({html.escape(note)})</span>' + extra
        rows.append(
            f'<li class="report">{_title_link(stem, entry, title, lang)} '
            f'<span class="formats">{_links(stem, entry)}</span>{extra}</li>'
        )
    return f'<ul class="reports">{"".join(rows)}</ul>'


def _profiles(items: list[tuple[str, dict]]) -> str:
    rows = []
    for stem, entry in items:
        name = re.sub(r"^Country profile:\s*", "", entry.get("title") or stem)
        rows.append(
            f'<li class="report">{_title_link(stem, entry, name)} '
            f'<span class="formats">{_links(stem, entry)}</span></li>'
        )
    return f'<ul class="profiles">{"".join(rows)}</ul>'


def _editions(out_dir: Path) -> str:
    from evbrief.publishing.editions import labels

    known = labels()
    if not known:
        return "<p>No edition has been archived yet.</p>"
    items = ", ".join(html.escape(label) for label in reversed(known))
    changes = (
        ' <a href="changes.html">What changed since the last edition</a>.'
        if (out_dir / "changes.html").exists()
        else ""
    )
    return f"<p>Editions archived, newest first: {items}.{changes}</p>"


def write_index(out_dir: Path, manifest: dict | None = None) -> Path:
    from evbrief.publishing.scope import scope

    out_dir = Path(out_dir)
    manifest = manifest or manifest_file.read(out_dir)
    # the declared order of publication.toml (recorded by `render --all`), then any other report
    order = {stem: i for i, stem in enumerate(manifest.get("order") or _declared_order())}
    reports = sorted(
        _one_per_report(manifest["reports"], order).items(),
        key=lambda kv: (order.get(kv[0], len(order)), kv[0]),
    )
    groups: dict[str, list] = {"seats": [], THEMATIC: [], "profiles": [], "changes": []}
    for stem, entry in reports:
        notebook = entry.get("notebook", "")
        groups["seats" if notebook in SEATS else GROUPS.get(notebook, THEMATIC)].append(
            (stem, entry)
        )
    flagship = next((s for s in groups["seats"] if s[0] == FLAGSHIP), None) or next(
        iter(groups["seats"]), None
    )
    parts = []
    if flagship:
        parts.append(_flagship(out_dir, *flagship))
    else:
        parts.append('<h1 class="title">The publication</h1>')
    if groups["seats"]:
        parts.append(
            _section(
                "seats",
                "The briefing for each seat",
                "The same facts, worded for each delegation at the table.",
                _report_list(
                    groups["seats"],
                    describe=lambda e: scope(
                        e.get("parameters", {}),
                        "ja" if e.get("notebook") == "briefing_ja" else "en",
                    ),
                ),
            )
        )
    if groups[THEMATIC]:
        parts.append(
            _section(
                "thematic",
                "Thematic reports",
                "Each question of the briefing at length.",
                _report_list(groups[THEMATIC]),
            )
        )
    if groups["profiles"]:
        parts.append(
            _section(
                "profiles",
                "Country profiles",
                "One page per ASEAN member.",
                _profiles(groups["profiles"]),
            )
        )
    if (out_dir / "data.html").exists():
        parts.append(
            _section(
                "data",
                "The data",
                'Every table behind the reports, with its sources, licences and a CSV copy: <a href="data.html">the data catalogue</a>.',
                "",
            )
        )
    if groups["changes"]:
        parts.append(
            _section(
                "changes",
                "What changed",
                "Numbers that moved since the last edition, figures the sources revised, new and dropped data.",
                _report_list(groups["changes"]),
            )
        )
    parts.append(_section("editions", "Editions", "", _editions(out_dir)))
    css = (TEMPLATES_DIR / "evbrief" / "report.css").read_text(encoding="utf-8")
    css += (TEMPLATES_DIR / "evbrief" / "landing.css").read_text(encoding="utf-8")
    title = "evbrief: the Japan–ASEAN automotive strategy and China's electric-vehicle lead"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{css}</style></head>
<body class="landing"><header class="masthead"><p class="kicker">evbrief · Japan–ASEAN automotive strategy</p></header>
<main>
{"".join(parts)}
</main>
<footer class="colophon"><p>evbrief {__version__}. Every number in the reports is computed from sourced tables; the claims files beside each report list them, and the executed notebooks are in notebooks/.</p></footer>
</body></html>
"""
    write_text_atomic(out_dir / "index.html", page)
    return out_dir / "index.html"

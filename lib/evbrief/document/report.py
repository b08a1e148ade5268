"""What a notebook calls to show prose, figures, tables and references, and to hand its claims over.

Outputs carry metadata under the key "evbrief" that the publisher reads (title block, figure number,
vega-lite spec, claims); in JupyterLab they show as ordinary Markdown, SVG and HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc
from IPython.display import display

from evbrief.core import language
from evbrief.core.claims import Register, as_shown
from evbrief.core.claims import escape_md as _escape_md
from evbrief.core.files import write_text_atomic
from evbrief.core.language import t
from evbrief.data import clock
from evbrief.data import tables as data
from evbrief.document import drawing

META = "evbrief"
MAX_LISTED = 6  # more sources than this are cited as their table's compilation
LONG_TABLE = 6  # rows beyond which a printed table may break across pages (report.css)


def is_year_column(name) -> bool:
    """ "Year", "Latest year", "Start year", but not "Vehicle capacity (per year)" or "Years behind";
    in any language, the form of such an English label ("年" is "Year" in Japanese), so that a
    translated table prints 2023, never 2,023."""
    if _english_year_label(str(name)):
        return True
    labels = language.here().labels
    return any(form == name and _english_year_label(en) for en, form in labels.items())


def _english_year_label(name: str) -> bool:
    return re.search(r"(?<!per )\byear\b", name.lower()) is not None


def _svg_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evbrief" / "svg"


def static_svg(spec: dict) -> str:
    """The chart drawn by vl-convert, cached by the spec's content.

    The same chart appears in several reports (the briefings repeat the analyses' charts) and again on every
    re-render; drawing one costs ~0.15 s. The key covers the spec and the vl-convert version, so any change
    to data, wording or style draws it afresh.
    """
    key = hashlib.sha256(
        (vlc.__version__ + json.dumps(spec, sort_keys=True, default=str)).encode()
    ).hexdigest()
    file = _svg_cache() / key[:2] / f"{key}.svg"
    try:
        return file.read_text(encoding="utf-8")
    except OSError:
        pass
    # a render worker's drawing service has vl-convert's engine started already (evbrief.document.drawing)
    svg = drawing.draw(spec) or vlc.vegalite_to_svg(spec)
    try:
        write_text_atomic(file, svg)
    except OSError:
        pass  # a read-only cache only costs time
    return svg


class Mark:
    """A citation mark, numbered when the sentence that carries it is written.

    Facts carry their sources as a Mark; numbering them on use keeps the reference list in reading
    order and free of sources that no sentence cites.
    """

    def __init__(self, rep: Report, specs: tuple) -> None:
        self._rep, self._specs = rep, specs

    def __str__(self) -> str:
        return self._rep.cites(*self._specs)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Report:
    """One report being written: its claims, figures, tables and cited sources."""

    def __init__(self, name: str, parameters: dict, title: str, subtitle: str = "") -> None:
        self.name = name
        self.parameters = parameters
        self.title = title
        self.subtitle = subtitle
        self.claims = Register()
        self.figure_count = 0
        self.table_count = 0
        self._references: dict[tuple[str, str], dict] = {}
        self.print_contents = True  # a short briefing prints without its table of contents

    # --- sources ---------------------------------------------------------------------------------
    def cite(self, table: str | list[str], source_ids: list[str] | None = None) -> str:
        """Reference marks like "[1, 3–5]" for the sources behind a statement, numbering them on first use.

        With no ids, a table of many sources is cited as one entry (the compilation, whose per-row
        sources are in the data catalogue); a table of a few sources cites each of them. Several
        tables give one mark.
        """
        tables = [table] if isinstance(table, str) else list(table)
        return self._mark([n for t in tables for n in self._numbers(t, source_ids)])

    def source(self, *specs: str | tuple[str, list[str]]) -> Mark:
        """The sources behind a fact, as a mark that numbers itself when a sentence uses it."""
        return Mark(self, specs)

    def cites(self, *specs: str | tuple[str, list[str]]) -> str:
        """One mark for several tables, each whole or as (table, source ids)."""
        numbers = []
        for spec in specs:
            table, ids = (spec, None) if isinstance(spec, str) else spec
            numbers += self._numbers(table, ids)
        return self._mark(numbers)

    def _numbers(self, table: str, source_ids: list[str] | None) -> list[int]:
        sources = data.sources(table)
        wanted = list(source_ids) if source_ids is not None else list(sources)
        if len(wanted) > MAX_LISTED:
            return [self._number(("table", table), self._compilation(table, len(sources)))]
        return [self._number((table, sid), sources[sid]) for sid in wanted]

    def _compilation(self, table: str, n: int) -> dict:
        res = data.resource(table, data.read_package())
        return {
            "id": table,
            "title": f"{res['title']}, compiled from {n} publications listed in the data catalogue "
            f"(data.html#{table})",
            "publisher": "evbrief",
            "year": "2026",
            "path": "",
            "licenses": res.get("licenses", []),
        }

    def _number(self, key: tuple[str, str], src: dict) -> int:
        if key not in self._references:
            same = [
                r
                for r in self._references.values()
                if r["title"] == src.get("title") and r.get("path") == src.get("path")
            ]
            number = (
                same[0]["number"]
                if same
                else len({r["number"] for r in self._references.values()}) + 1
            )
            self._references[key] = {**src, "number": number}
        return self._references[key]["number"]

    @staticmethod
    def _mark(numbers: list[int]) -> str:
        """[1, 2, 3, 5] -> "[1–3, 5]"."""
        numbers = sorted(set(numbers))
        parts, start = [], None
        for i, n in enumerate(numbers):
            if start is None:
                start = n
            if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
                parts.append(str(start) if start == n else f"{start}–{n}")
                start = None
        return "[" + ", ".join(parts) + "]"

    def source_line(self, *tables: str | tuple[str, list[str]]) -> str:
        """The line under a chart: who published the data, when, and under which licence; a table
        whole, or as (table, source ids) where the chart draws only some of its rows."""
        parts = []
        for spec in tables:
            table, ids = (spec, None) if isinstance(spec, str) else spec
            sources = data.sources(table)
            for sid, src in sources.items():
                if ids is not None and sid not in ids:
                    continue
                licence = "; ".join(lic.get("name", "") for lic in src.get("licenses", []))
                publisher = language.text("sources", src.get("publisher", ""))
                text = f"{publisher} ({src.get('year', '')})"
                if licence and licence not in ("cited-fact",):
                    text += f", {licence}"
                if text not in parts:
                    parts.append(text)
        if len(parts) > 3:
            parts = parts[:3] + [t("and {n} more (see Sources)").format(n=len(parts) - 3)]
        return t("Source:") + " " + "; ".join(parts) + "."

    def vintage(self) -> str:
        """The newest publication year among the cited sources: the data's vintage."""
        years = [
            int(r["year"]) for r in self._references.values() if str(r.get("year", "")).isdigit()
        ]
        return str(max(years)) if years else ""

    # --- output ----------------------------------------------------------------------------------
    def header(self) -> None:
        today = dt.date.today().isoformat()
        meta = {
            "role": "title",
            "title": self.title,
            "subtitle": self.subtitle,
            "parameters": self.parameters,
            "edition": self.parameters.get("edition") or today,
            "lang": language.current(),
            "print_contents": self.print_contents,
        }
        params = ", ".join(f"{k} = {v}" for k, v in self.parameters.items())
        text = (
            f"# {_escape_md(self.title)}\n\n{_escape_md(self.subtitle)}\n\n"
            f"*{t('Parameters')}: {_escape_md(params)}*"
        )
        display({"text/markdown": text}, raw=True, metadata={META: meta})

    def markdown(self, text: str) -> None:
        """Show Markdown. A dollar sign is escaped: between two of them ("US$155 million ... US$9.8
        billion") the Markdown renderer reads math and leaves the emphasis inside unparsed."""
        display({"text/markdown": re.sub(r"(?<!\\)\$", r"\\$", text)}, raw=True)

    def say(self, template: str, **values) -> str:
        return self.claims.say(template, **values)

    def text(self, template: str, /, **values) -> str:
        """A chart title, alt text or caption worded in the notebook: filled, not registered as prose.

        Unlike a sentence it is not Markdown, so text from data needs no escaping here.
        """
        return template.format(**values)

    def md(self, template: str, /, **values) -> str:
        """Show a paragraph that the notebook words: the template is the notebook's, the values are facts.

        Claims among the values are registered with the sentence as the reader sees it; other text from
        data is escaped. This is how prose reaches a report, so the words live where the analyst edits them.
        """
        text = self.say(template, **values)
        self.markdown(text)
        return text

    def figure(
        self,
        chart: alt.TopLevelMixin | dict,
        *,
        table: str | list[str],
        alt_text: str,
        caption: str | None = None,
    ) -> int:
        """Show a chart as SVG (static, crisp in print) with its spec for the interactive HTML.

        The alt text describes the chart for a reader who cannot see it; the caption, printed under
        it, says what to notice. Without a caption the alt text is printed, as before.
        """
        self.figure_count += 1
        tables = [table] if isinstance(table, str) else table
        marks = self.cite(tables)
        if caption is not None:  # worded with say() for its claims: Markdown escapes back to text
            caption = html.unescape(re.sub(r"\\(.)", r"\1", caption))
        # the charts come from our own builders and are checked by their tests; validating every spec
        # against the Vega-Lite schema at render time cost most of a report's execution time
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
        svg = static_svg(spec)
        meta = {
            "role": "figure",
            "number": self.figure_count,
            "spec": spec,
            "alt": alt_text,
            "caption": caption or alt_text,
            "cites": marks,
        }
        display(
            {
                "image/svg+xml": svg,
                "text/plain": f"{t('Figure')} {self.figure_count}. {caption or alt_text}",
            },
            raw=True,
            metadata={META: meta},
        )
        return self.figure_count

    def table(
        self,
        frame: pd.DataFrame,
        *,
        caption: str,
        table: str | list[str],
        decimals: int = 1,
        compact: bool = False,
        differences: dict[str, tuple[str, str]] | None = None,
        years: tuple[str, ...] = (),
    ) -> int:
        """A table with a numbered caption and its sources; cell text is escaped.

        Year columns print as 2024, not 2,024: those named with the word "year" (not "per year") and
        those listed in `years` (a column such as "China reached it in", in any language).

        `differences` names columns that are one column minus another ({"Error (pp)": ("Projected (%)",
        "Observed (%)")}): they are recomputed from the operands as printed, so every row adds up for the
        reader, and the table says so in a data attribute that the tests read."""
        self.table_count += 1
        tables = [table] if isinstance(table, str) else table
        marks = self.cite(tables)
        shown = frame.copy()
        for col, (a, b) in (differences or {}).items():
            shown[col] = [
                None if pd.isna(x) or pd.isna(y) else as_shown(x, decimals) - as_shown(y, decimals)
                for x, y in zip(shown[a], shown[b], strict=True)
            ]
        for col in shown.columns:
            series = shown[col]
            if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
                continue
            whole = series.dropna().map(float).map(float.is_integer).all()
            if (col in years or is_year_column(col)) and whole:
                shown[col] = series.map(lambda v: "–" if pd.isna(v) else str(int(v)))
            elif pd.api.types.is_integer_dtype(series):
                shown[col] = series.map(lambda v: "–" if pd.isna(v) else f"{int(v):,}")
            else:
                shown[col] = series.map(lambda v: "–" if pd.isna(v) else f"{v:,.{decimals}f}")
        classes = "evb-table compact" if compact else "evb-table"
        if len(shown) > LONG_TABLE:
            classes += " long"
        body = shown.to_html(index=False, escape=True, border=0, classes=classes, na_rep="–")
        # the caption is the first header row rather than a <caption>: a printed table that runs on to
        # the next page repeats its header rows there and never ends a page with them, whereas
        # Chromium may leave a <caption> alone at the foot of a page
        number = self.table_count
        cap = (
            f'<tr class="evb-caption-row"><th colspan="{len(shown.columns)}" class="evb-caption" '
            f'id="table-{number}-caption">{t("Table")} {number}. {html.escape(caption)} '
            f"{t('Source:')} {html.escape(marks)}</th></tr>"
        )
        body = body.replace("<thead>", "<thead>\n    " + cap, 1)
        body = body.replace("<table ", f'<table aria-labelledby="table-{number}-caption" ', 1)
        if differences:
            declared = html.escape(json.dumps({k: list(v) for k, v in differences.items()}))
            body = body.replace("<table ", f'<table data-differences="{declared}" ', 1)
        display(
            {"text/html": body, "text/plain": caption},
            raw=True,
            metadata={META: {"role": "table", "number": self.table_count}},
        )
        return self.table_count

    def attach(self, filename: str, frame: pd.DataFrame) -> None:
        """A CSV that the publisher writes beside the report (in JupyterLab it is only announced)."""
        display(
            {"text/plain": f"attached {filename} ({len(frame)} rows)"},
            raw=True,
            metadata={
                META: {"role": "attachment", "filename": filename, "csv": frame.to_csv(index=False)}
            },
        )

    def references(self) -> None:
        """The numbered reference list that figures, tables and prose cite.

        Publisher, title, year, address and licence, as a reader cites them; how we read a source
        (mirrors, extraction notes) belongs to data/SOURCES.md and the data catalogue, not here.
        """
        entries = {r["number"]: r for r in self._references.values()}
        lines = [f"## {t('Sources')}", ""]
        licences: dict[str, list[int]] = {}  # each licence is said once, with the entries under it
        for number in sorted(entries):
            r = entries[number]
            licence = "; ".join(
                language.text("licences", lic.get("title") or lic.get("name", ""))
                for lic in r.get("licenses", [])
            )
            text = f"{_escape_md(r.get('publisher', ''))} ({r.get('year', '')}). *{_escape_md(r.get('title', ''))}*."
            if r.get("path"):
                text += f" <{r['path']}>."
            if licence:
                licences.setdefault(licence, []).append(number)
            lines.append(f"{number}. {text}")
        if licences:
            said = " ".join(
                f"{_escape_md(licence).rstrip('.')}: {self._mark(numbers)}."
                for licence, numbers in licences.items()
            )
            lines += ["", f"**{t('Licences')}.** {said}"]
        display(
            {"text/markdown": "\n".join(lines)}, raw=True, metadata={META: {"role": "references"}}
        )

    def finish(self) -> None:
        """Hand the claims and the reference list to the publisher (shows nothing in the report)."""
        refs = sorted({r["number"]: r for r in self._references.values()}.items())
        payload = {
            "role": "claims",
            "claims": self.claims.as_json(stamp=clock.stamp),
            "vintage": self.vintage(),
            "tables": sorted(
                data.LOADED
                | {t for t, _ in self._references if t != "table"}
                | {sid for t, sid in self._references if t == "table"}
            ),
            "references": [
                {"number": n, **{k: r.get(k) for k in ("id", "title", "publisher", "year", "path")}}
                for n, r in refs
            ],
        }
        display(
            {"text/plain": f"{len(self.claims.claims)} claims registered"},
            raw=True,
            metadata={META: json.loads(json.dumps(payload, default=str))},
        )

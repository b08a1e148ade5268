"""What a notebook calls to show prose, figures, tables and references, and to hand its claims over.

Outputs carry metadata under the key "evbrief" that the publisher reads (title block, figure number,
vega-lite spec, claims); in JupyterLab they show as ordinary Markdown, SVG and HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import altair as alt
import pandas as pd
import vl_convert as vlc
from IPython.display import display

from . import data
from .claims import Register

META = "evbrief"


def _escape_md(text: str) -> str:
    """Text from data shown as text, never as markup (Markdown passes raw HTML through)."""
    return html.escape(str(text), quote=False).replace("[", "&#91;").replace("*", "&#42;").replace("_", "&#95;")


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

    # --- sources ---------------------------------------------------------------------------------
    def cite(self, table: str, source_ids: list[str] | None = None) -> str:
        """Reference marks like "[1, 2]" for a table's sources, numbering them on first use."""
        sources = data.sources(table)
        wanted = source_ids or list(sources)
        numbers = []
        for sid in wanted:
            key = (table, sid)
            if key not in self._references:
                src = sources[sid]
                # the same publication cited by two tables gets one number
                same = [r for r in self._references.values() if r["title"] == src.get("title") and r.get("path") == src.get("path")]
                entry = same[0] if same else {**src, "number": len({r["number"] for r in self._references.values()}) + 1}
                self._references[key] = entry
            numbers.append(self._references[key]["number"])
        return "[" + ", ".join(str(n) for n in sorted(set(numbers))) + "]"

    def source_line(self, *tables: str) -> str:
        """The line under a chart: who published the data, when, and under which licence."""
        parts = []
        for table in tables:
            for src in data.sources(table).values():
                licence = "; ".join(lic.get("name", "") for lic in src.get("licenses", []))
                text = f"{src.get('publisher', '')} ({src.get('year', '')})"
                if licence and licence not in ("cited-fact",):
                    text += f", {licence}"
                if text not in parts:
                    parts.append(text)
        if len(parts) > 3:
            parts = parts[:3] + [f"and {len(parts) - 3} more (see Sources)"]
        return "Source: " + "; ".join(parts) + "."

    def vintage(self) -> str:
        """The newest publication year among the cited sources: the data's vintage."""
        years = [int(r["year"]) for r in self._references.values() if str(r.get("year", "")).isdigit()]
        return str(max(years)) if years else ""

    # --- output ----------------------------------------------------------------------------------
    def header(self) -> None:
        today = dt.date.today().isoformat()
        meta = {"role": "title", "title": self.title, "subtitle": self.subtitle, "parameters": self.parameters,
                "edition": self.parameters.get("edition") or today}
        params = ", ".join(f"{k} = {v}" for k, v in self.parameters.items())
        text = f"# {_escape_md(self.title)}\n\n{_escape_md(self.subtitle)}\n\n*Parameters: {_escape_md(params)}*"
        display({"text/markdown": text}, raw=True, metadata={META: meta})

    def markdown(self, text: str) -> None:
        display({"text/markdown": text}, raw=True)

    def say(self, template: str, **values) -> str:
        return self.claims.say(template, **values)

    def figure(self, chart: alt.TopLevelMixin, *, table: str | list[str], alt_text: str) -> int:
        """Show a chart as SVG (static, crisp in print) with its spec for the interactive HTML."""
        self.figure_count += 1
        tables = [table] if isinstance(table, str) else table
        marks = " ".join(self.cite(t) for t in tables)
        spec = chart.to_dict()
        svg = vlc.vegalite_to_svg(spec)
        meta = {"role": "figure", "number": self.figure_count, "spec": spec, "alt": alt_text,
                "cites": marks}
        display({"image/svg+xml": svg, "text/plain": f"Figure {self.figure_count}. {alt_text}"}, raw=True,
                metadata={META: meta})
        return self.figure_count

    def table(self, frame: pd.DataFrame, *, caption: str, table: str | list[str], decimals: int = 1) -> int:
        """A table with a numbered caption and its sources; cell text is escaped."""
        self.table_count += 1
        tables = [table] if isinstance(table, str) else table
        marks = " ".join(self.cite(t) for t in tables)
        shown = frame.copy()
        for col in shown.columns:
            if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
                shown[col] = shown[col].map(lambda v: "–" if pd.isna(v) else f"{v:,.{decimals}f}")
        body = shown.to_html(index=False, escape=True, border=0, classes="evb-table", na_rep="–")
        cap = f"<caption>Table {self.table_count}. {html.escape(caption)} Source: {html.escape(marks)}</caption>"
        body = body.replace(">\n  <thead>", ">\n" + cap + "\n  <thead>", 1)
        display({"text/html": body, "text/plain": caption}, raw=True,
                metadata={META: {"role": "table", "number": self.table_count}})
        return self.table_count

    def references(self) -> None:
        """The numbered reference list that figures, tables and prose cite."""
        entries = {r["number"]: r for r in self._references.values()}
        lines = ["## Sources", ""]
        for number in sorted(entries):
            r = entries[number]
            licence = "; ".join(lic.get("title") or lic.get("name", "") for lic in r.get("licenses", []))
            text = f"{_escape_md(r.get('publisher', ''))} ({r.get('year', '')}). *{_escape_md(r.get('title', ''))}*."
            if r.get("path"):
                text += f" <{r['path']}>."
            if licence:
                text += f" Licence: {_escape_md(licence)}."
            if r.get("note"):
                text += f" Note: {_escape_md(r['note'])}"
            lines.append(f"{number}. {text}")
        display({"text/markdown": "\n".join(lines)}, raw=True, metadata={META: {"role": "references"}})

    def finish(self) -> None:
        """Hand the claims and the reference list to the publisher (shows nothing in the report)."""
        refs = sorted({r["number"]: r for r in self._references.values()}.items())
        payload = {"role": "claims", "claims": self.claims.as_json(), "vintage": self.vintage(),
                   "references": [{"number": n, **{k: r.get(k) for k in ("id", "title", "publisher", "year", "path")}}
                                  for n, r in refs]}
        display({"text/plain": f"{len(self.claims.claims)} claims registered"}, raw=True,
                metadata={META: json.loads(json.dumps(payload, default=str))})

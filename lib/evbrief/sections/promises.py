"""Promise against delivery for a report: the table, counts by actor origin and status as claims, the chart."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import promises
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.document import charts
from evbrief.document.report import Report

TABLES = ["commitments", "plants", "partners", "training_programmes", "policies"]
ORIGIN_ORDER = ("japanese", "chinese", "korean", "american", "european", "domestic", "other")
ORIGIN_LABELS = {
    "japanese": "Japanese",
    "chinese": "Chinese",
    "korean": "Korean",
    "american": "American",
    "european": "European",
    "domestic": "Domestic (ASEAN)",
    "other": "Other",
    "host government": "ASEAN governments",
}
STATUS_COLOURS = {
    "delivered": "#009988",
    "on track": "#33BBEE",
    "pending": "#0077BB",
    "unconfirmed": "#DDAA33",
    "late": "#EE7733",
    "cut": "#EE3377",
    "cancelled": "#CC3311",
    "undated": "#BBBBBB",
}


def table(as_of: str | None = None) -> pd.DataFrame:
    return promises.promise_table(as_of)


def count_claim(rep: Report, rows: pd.DataFrame, origin: str, status: str, as_of: str):
    n = (
        int(((rows["origin"] == origin) & (rows["status"] == status)).sum())
        if status != "all"
        else int((rows["origin"] == origin).sum())
    )
    return rep.claims.claim(
        "promise_count", n, "count", "commitments", origin=origin, status=status, as_of=as_of
    )


def origin_facts(rep: Report, rows: pd.DataFrame, origin: str, as_of: str) -> Facts:
    """How many promises an origin's actors made, and how many are delivered, dated, past due, late."""
    mine = rows[rows["origin"] == origin]
    return Facts(
        origin=t(ORIGIN_LABELS[origin]),
        one=len(mine) == 1,
        total=count_claim(rep, rows, origin, "all", as_of),
        delivered=count_claim(rep, rows, origin, "delivered", as_of),
        pending=count_claim(rep, rows, origin, "pending", as_of),
        unconfirmed=count_claim(rep, rows, origin, "unconfirmed", as_of),
        late=count_claim(rep, rows, origin, "late", as_of),
        cancelled=count_claim(rep, rows, origin, "cancelled", as_of),
        undated=count_claim(rep, rows, origin, "undated", as_of),
        has_late=bool((mine["status"] == "late").any()),
        cite=rep.source(*TABLES),
    )


def origins(rows: pd.DataFrame) -> list[str]:
    present = set(rows["origin"])
    return [o for o in (*ORIGIN_ORDER, promises.HOST) if o in present]


def counts_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Origins (rows) by status (columns), with a total; statuses no row has are left out."""
    c = promises.counts(rows).pivot(index="origin", columns="status", values="count")
    c = c.reindex(index=origins(rows), columns=[s for s in promises.STATUSES if s in c.columns])
    c = c.fillna(0).astype(int)
    c[t("All")] = c.sum(axis=1)
    c.index = [t(ORIGIN_LABELS[o]) for o in c.index]
    c.columns = [t(s) for s in c.columns]
    return c.rename_axis(t("Actor origin")).reset_index()


def rule_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("Status"): [t(s) for s in promises.STATUS_RULE],
            t("Rule"): list(promises.STATUS_RULE.values()),
        }
    )


def detail_table(rows: pd.DataFrame, status: str | None = None) -> pd.DataFrame:
    """The promises (of one status, or all) with what, by when, the evidence date and the status."""
    shown = rows if status is None else rows[rows["status"] == status]
    where = shown["area"].map(lambda a: countries.name(a) if a and a not in ("SEA", "WLD") else a)
    return pd.DataFrame(
        {
            t("Row"): shown["row"],
            t("Actor"): shown["actor"].str.split(r" \(", regex=True).str[0],
            t("Origin"): shown["origin"].map(lambda o: t(ORIGIN_LABELS[o])),
            t("Where"): where.replace({"SEA": "ASEAN", "WLD": t("World")}),
            t("Promise"): shown["promise"].str.slice(0, 110),
            t("Due"): shown["due"].replace("", "–"),
            t("On record"): shown["evidence"],
            t("Status"): shown["status"].map(t),
        }
    )


def figure(
    rep: Report,
    rows: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    caption: str | None = None,
) -> None:
    c = promises.counts(rows)
    c["origin"] = c["origin"].map(lambda o: t(ORIGIN_LABELS[o]))
    c["status"] = c["status"].map(t)
    chart = charts.promise_bars(
        c,
        statuses=[t(s) for s in promises.STATUSES],
        palette={t(s): colour for s, colour in STATUS_COLOURS.items()},
        x_title=t("Promises on record"),
        title=title,
        subtitle=subtitle,
        source_line=rep.source_line(*TABLES),
    )
    rep.figure(chart, table=TABLES, alt_text=alt_text, caption=caption)

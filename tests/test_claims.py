"""Every number the prose states is recomputed from data/ by an independent route.

The render registers each number of a report's prose as a claim (reports/<stem>.claims.json): its
value, and in `detail` the kind of computation and what identifies it. This test recomputes every
claim of every report of the publication WITHOUT evbrief.data / evbrief.metrics / evbrief.funding:
the CSV files of data/ are read with the csv module and each kind is re-implemented from its
definition. A claim of an unknown kind fails, so that a new kind of number cannot reach the prose
unchecked.

The model outputs (scenario, scenario_gap, scenario_band, tornado_swing, skill_mae, interval_coverage) have no
closed form to re-derive from the tables: for them the independent route is to call
evbrief.scenarios directly (project / sample / tornado / skill), outside the report code, and
compare with the registered value.

Each claim's `display` must also appear in its `sentence`, and the sentence in the report's .html
page.
"""

from __future__ import annotations

import csv
import html
import json
import math
import os
import re
import tomllib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from evbrief import PROJECT_ROOT, scenarios

# the folder the render read (evbrief honours EVBRIEF_DATA_DIR), read here with the csv module
DATA = Path(os.environ.get("EVBRIEF_DATA_DIR") or PROJECT_ROOT / "data")
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")
ACTIVE = (
    "operating",
    "under_construction",
    "announced",
)  # plants counted as "on record" (not cancelled)
EXACT = 1e-6  # relative tolerance of a value looked up in a table
COMPUTED = 1e-3  # relative tolerance of a value computed from several rows or by the model


# --- the tables, read with the csv module ---------------------------------------------------------


@cache
def table(name: str) -> tuple[dict, ...]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f))


def num(text: str) -> float | None:
    return float(text) if text not in ("", "NA") else None


def ev_row(area: str, year: int, powertrain: str = "EV") -> dict | None:
    found = [
        r
        for r in table("ev_sales")
        if r["area"] == area and int(r["year"]) == year and r["powertrain"] == powertrain
    ]
    assert len(found) <= 1, f"ev_sales has {len(found)} rows for {area} {year} {powertrain}"
    return found[0] if found else None


def ev_share(area: str, year: int) -> float | None:
    row = ev_row(area, year)
    return num(row["sales_share_pct"]) if row else None


def years_behind(area: str, leader: str, year: int) -> int | None:
    """The area's share in `year`, and the first year the leader's share was at least as high."""
    level = ev_share(area, year)
    if level is None:
        return None
    leader_rows = sorted(
        (int(r["year"]), num(r["sales_share_pct"]))
        for r in table("ev_sales")
        if r["area"] == leader and r["powertrain"] == "EV" and num(r["sales_share_pct"]) is not None
    )
    reached = next((y for y, share in leader_rows if share >= level), None)
    return None if reached is None else year - reached


def ev_sales_growth(area: str, from_year: int, to_year: int) -> float | None:
    first, last = ev_row(area, from_year), ev_row(area, to_year)
    if not first or not last or not num(first["sales"]) or num(last["sales"]) is None:
        return None
    return num(last["sales"]) / num(first["sales"])


def vehicle_sales(areas, year: int) -> float | None:
    """New-vehicle sales (passenger + commercial) of the areas in a year; None if one has none."""
    total = 0.0
    for area in areas:
        rows = [
            r
            for r in table("vehicle_market")
            if r["area"] == area
            and int(r["year"]) == year
            and r["measure"] == "sales"
            and num(r["units"]) is not None
        ]
        if not rows:
            return None
        total += sum(num(r["units"]) for r in rows)
    return total


def origin_share(area, year, period, segment, group, source_id) -> float | None:
    rows = [
        r
        for r in table("brand_shares")
        if (
            r["area"],
            int(r["year"]),
            r["period"],
            r["segment"],
            r["group_type"],
            r["group"],
            r["source_id"],
        )
        == (area, int(year), period, segment, "origin", group, source_id)
        and num(r["share_pct"]) is not None
    ]
    values = {num(r["share_pct"]) for r in rows}
    assert len(values) <= 1, (
        f"brand_shares gives {sorted(values)} for "
        f"{area} {year} {period} {segment} {group} {source_id}"
    )
    return values.pop() if values else None


def plants_count(areas, origin: str, plant_type: str) -> int:
    return sum(
        1
        for r in table("plants")
        if r["area"] in areas
        and r["status"] in ACTIVE
        and origin in ("all", r["origin"])
        and plant_type in ("all", r["plant_type"])
    )


def mineral_group_share(mineral: str, measure: str, year: int, areas) -> float | None:
    """Sum of the areas' values as a percentage of the USGS world total (area WLD)."""
    rows = [
        r
        for r in table("minerals_usgs")
        if r["mineral"] == mineral
        and r["measure"] == measure
        and int(r["year"]) == year
        and num(r["value"]) is not None
    ]
    world = [num(r["value"]) for r in rows if r["area"] == "WLD"]
    if len(world) != 1 or not world[0]:
        return None
    return (
        sum(num(r["value"]) for r in rows if r["area"] in areas and r["area"] != "WLD")
        / world[0]
        * 100
    )


# --- money ----------------------------------------------------------------------------------------


def per_usd(currency: str, year: int) -> float | None:
    """Units of a currency per dollar, annual average: JPY from FRED (fx_rates), others from
    the World Bank (fx_worldbank)."""
    if currency == "USD":
        return 1.0
    name = "fx_rates" if currency == "JPY" else "fx_worldbank"
    rates = [
        num(r["per_usd"])
        for r in table(name)
        if r["currency"] == currency and int(r["year"]) == year
    ]
    assert len(rates) <= 1, f"{name} has {len(rates)} rates for {currency} {year}"
    return rates[0] if rates else None


def rate_year(currency: str, year: int) -> int | None:
    """The figure's own year, else the latest of the 5 years before it that has both its
    currency's rate and the JPY rate."""
    for y in range(year, year - 6, -1):
        if per_usd(currency, y) is not None and per_usd("JPY", y) is not None:
            return y
    return None


def commitment(cid: str) -> dict:
    rows = [r for r in table("commitments") if r["commitment_id"] == cid]
    assert len(rows) == 1, f"commitments has {len(rows)} rows with id {cid}"
    return rows[0]


def commitment_usd(cid: str) -> tuple[float, int] | None:
    c = commitment(cid)
    if not c["announced_date"] or not c["currency"]:
        return None
    ry = rate_year(c["currency"], int(c["announced_date"][:4]))
    if ry is None:
        return None
    return num(c["amount"]) / per_usd(c["currency"], ry), ry


def plants_investment(origin: str) -> tuple[float, int]:
    """Dollar sum and number of an origin's ASEAN plants, not cancelled, with published investment.

    Each plant converts at the rate of its year (announced, else start, else status year); a plant
    whose currency has no rate within five years is left out of both the sum and the count.
    """
    total, n = 0.0, 0
    for p in table("plants"):
        if (
            p["origin"] != origin
            or p["status"] == "cancelled"
            or p["area"] not in ASEAN
            or num(p["investment"]) is None
        ):
            continue
        year = next(int(p[k]) for k in ("announced_year", "start_year", "status_as_of") if p[k])
        ry = rate_year(p["investment_currency"], year)
        if ry is None:
            continue
        total += num(p["investment"]) / per_usd(p["investment_currency"], ry)
        n += 1
    return total, n


# --- the model (called directly: the independent route for model outputs) -------------------------


@cache
def projection(name: str, overrides: str = "{}"):
    return scenarios.project(name, json.loads(overrides) or None)


def projected(name: str, area: str, year: int, column: str, overrides: str = "{}") -> float | None:
    p = projection(name, overrides)
    rows = p[(p["area"] == area) & (p["year"] == int(year))]
    return float(rows[column].iloc[0]) if len(rows) == 1 else None


@cache
def samples(name: str, draws: int, area: str, overrides: str = "{}"):
    return scenarios.sample(name, draws=draws, area=area, overrides=json.loads(overrides) or None)


@cache
def skill(name: str):
    """The rolling-origin back-test, scored here from its rows (not from the report's skill table)."""
    s = scenarios.skill(name)
    return s["backtest"], s["covered"], s["iea"]


@cache
def tornado(name: str, area: str, year: int, overrides: str = "{}"):
    # the prose states the swing of the Japanese share of electric sales (outlook.uncertainty)
    return scenarios.tornado(
        name,
        area=area,
        year=year,
        column="japanese_share_pct",
        overrides=json.loads(overrides) or None,
    )


# --- one claim ------------------------------------------------------------------------------------


class UnknownKind(Exception):
    """A claim kind this test cannot recompute: it fails, so no new kind slips through unchecked."""


def recompute(c: dict, params: dict) -> tuple[float | None, float, list[str]]:
    """(independent value, relative tolerance, other problems) of one claim.

    An unknown kind raises UnknownKind."""
    d, kind = c["detail"], c["detail"]["kind"]
    notes: list[str] = []
    if kind == "ev_share":
        return ev_share(d["area"], int(d["year"])), EXACT, notes
    if kind == "years_behind":
        return years_behind(d["area"], d["leader"], int(d["year"])), EXACT, notes
    if kind == "ev_sales_growth":
        return ev_sales_growth(d["area"], int(d["from_year"]), int(d["to_year"])), COMPUTED, notes
    if kind == "vehicle_sales_sum":
        return vehicle_sales(d["areas"], int(d["year"])), EXACT, notes
    if kind == "vehicle_sales_ratio":
        num_, den = (
            vehicle_sales(d["numerator"], int(d["year"])),
            vehicle_sales(d["denominator"], int(d["year"])),
        )
        return (num_ / den if num_ is not None and den else None), COMPUTED, notes
    if kind == "origin_share":
        return (
            origin_share(
                d["area"], d["year"], d["period"], d["segment"], d["group"], d["source_id"]
            ),
            EXACT,
            notes,
        )
    if kind == "plants_count":
        return plants_count(d["areas"], d["origin"], d["plant_type"]), EXACT, notes
    if kind == "mineral_group_share":
        return (
            mineral_group_share(d["mineral"], d["measure"], int(d["year"]), d["areas"]),
            COMPUTED,
            notes,
        )
    if kind == "commitment_amount":
        return num(commitment(d["id"])["amount"]), EXACT, notes
    if kind == "commitment_usd":
        conv = commitment_usd(d["id"])
        if conv and conv[1] != int(d["rate_year"]):
            notes.append(f"rate year {d['rate_year']} registered, {conv[1]} by the rule")
        return (conv[0] if conv else None), COMPUTED, notes
    if kind == "fx_rate":
        return per_usd(d["currency"], int(d["year"])), EXACT, notes
    if kind == "commitment_ratio":
        # "X times the budget": compared in dollars, each at the rate of its own year
        a, b = commitment_usd(d["numerator"]), commitment_usd(d["denominator"])
        return (a[0] / b[0] if a and b else None), COMPUTED, notes
    if kind == "plants_investment_usd":
        return plants_investment(d["origin"])[0], COMPUTED, notes
    if kind == "plants_with_investment":
        return plants_investment(d["origin"])[1], EXACT, notes
    if kind == "investment_ratio":
        m = re.fullmatch(r"(\w+) plants", d["numerator"])
        if not m:
            notes.append(f"numerator {d['numerator']!r} is not '<origin> plants'")
            return None, COMPUTED, notes
        den = commitment_usd(d["denominator"])
        return (plants_investment(m.group(1))[0] / den[0] if den else None), COMPUTED, notes
    if kind == "scenario_parameter":
        # a stated assumption: read scenarios.toml with tomllib, not through evbrief.scenarios
        spec = tomllib.loads((PROJECT_ROOT / "scenarios.toml").read_text())
        value = spec["defaults"][d["section"]][d["field"]]
        key = f"{d['section']}.{d['field']}"
        changed = spec["scenario"][d["scenario"]].get(key)
        overridden = (params.get("overrides") or {}).get(key)
        if overridden is not None:
            changed = overridden
        return float(changed if changed is not None else value), EXACT, notes
    # model outputs: evbrief.scenarios called directly, not through the report code
    if kind == "scenario":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        return (
            projected(d["scenario"], d["area"], d["year"], d["column"], overrides),
            COMPUTED,
            notes,
        )
    if kind == "scenario_gap":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        a = projected(d["a"], d["area"], d["year"], d["column"], overrides)
        b = projected(d["b"], d["area"], d["year"], d["column"], overrides)
        return (a - b if a is not None and b is not None else None), COMPUTED, notes
    if kind == "scenario_band":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        s = samples(d["scenario"], int(d["draws"]), d["area"], overrides)
        column = d.get("column", "ev_share_pct")
        values = s.loc[s["year"] == int(d["year"]), column].to_numpy(dtype=float)
        q = {"p5": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95}[d["q"]]
        if len(values) != int(d["draws"]):
            notes.append(f"{len(values)} draws in {d['year']}, {d['draws']} registered")
        return (float(np.quantile(values, q)) if len(values) else None), COMPUTED, notes
    if kind == "tornado_swing":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        t = tornado(d["scenario"], d["area"], int(d["year"]), overrides)
        row = t[t["parameter"] == d["parameter"]]
        if row.empty:
            return None, COMPUTED, notes
        swing = abs(float(row["at_high"].iloc[0]) - float(row["at_low"].iloc[0]))
        widest = float((t["at_high"] - t["at_low"]).abs().max())
        if swing < widest - 1e-9:  # the prose says this parameter moves the outcome most
            notes.append(f"{d['parameter']} is not the widest swing ({swing} < {widest})")
        return swing, COMPUTED, notes
    if kind == "skill_mae":
        # mean |projected - observed| of one method's rows, over every market, origin and horizon
        bt, _, iea = skill(d["scenario"])
        rows = bt if d["scope"] == "backtest" else iea
        rows = rows[rows["method"] == d["method"]]
        errors = np.abs(
            rows["projected_pct"].to_numpy(float) - rows["observed_pct"].to_numpy(float)
        )
        return (float(errors.mean()) if len(errors) else None), COMPUTED, notes
    if kind == "interval_coverage":
        _, covered, _ = skill(d["scenario"])
        inside = (covered["observed_pct"] >= covered["low_pct"]) & (
            covered["observed_pct"] <= covered["high_pct"]
        )
        return 100 * float(inside.mean()), COMPUTED, notes
    raise UnknownKind(kind)


def agrees(registered: float, expected: float, tol: float) -> bool:
    return math.isclose(float(registered), float(expected), rel_tol=tol, abs_tol=1e-12)


# --- the pages ------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The visible text of a page (entities unescaped), without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    BLOCKS = {
        "p",
        "li",
        "ul",
        "ol",
        "div",
        "section",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "main",
        "nav",
        "blockquote",
        "pre",
    }

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if (
            tag in self.BLOCKS
        ):  # inline markup (strong, code, a) joins its text to the words around it
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return collapse("".join(parser.parts).replace(" ", " "))


def sentence_text(sentence: str) -> str:
    """A Markdown sentence as it reads on the page: emphasis and code marks dropped, entities
    unescaped."""
    text = re.sub(r"^\s*[-*]\s+", "", sentence)  # a list item's marker
    text = re.sub(r"(\*\*|__|`)", "", text)
    return collapse(html.unescape(text).replace(" ", " "))


# --- the tests ------------------------------------------------------------------------------------


def publication_stems() -> list[str]:
    with open(PROJECT_ROOT / "publication.toml", "rb") as f:
        return [r["stem"] for r in tomllib.load(f)["report"]]


STEMS = publication_stems()


def test_every_claims_file_is_checked(publication_dir: Path) -> None:
    found = sorted(p.name[: -len(".claims.json")] for p in publication_dir.glob("*.claims.json"))
    assert found, f"no claims files in {publication_dir}"
    assert set(found) == set(STEMS), (
        f"claims files {found} differ from the publication's reports {sorted(STEMS)}"
    )


@pytest.mark.parametrize("stem", STEMS)
def test_claims_match_data(publication_dir: Path, stem: str) -> None:
    register = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    claims, params = register["claims"], register.get("parameters", {})
    failures = []
    for c in claims:
        where = f"{stem}: {c['name']}"
        try:
            expected, tol, notes = recompute(c, params)
        except UnknownKind as exc:
            failures.append(
                f"{where}: kind {exc} has no independent check in tests/test_claims.py "
                f"(value {c['value']!r})"
            )
            continue
        except KeyError as exc:
            failures.append(
                f"{where}: detail {c['detail']} lacks the key {exc} that identifies a "
                f"{c['detail'].get('kind')} claim"
            )
            continue
        if expected is None:
            failures.append(f"{where}: states {c['value']!r} but the data do not give this figure")
        elif not agrees(c["value"], expected, tol):
            failures.append(
                f"{where}: text says {c['value']!r} ({c['display']}), data give {expected!r}"
            )
        failures += [f"{where}: {n}" for n in notes]
    assert not failures, (
        f"{len(failures)} of {len(claims)} claims disagree with the data:\n  "
        + "\n  ".join(failures)
    )


@pytest.mark.parametrize("stem", STEMS)
def test_claims_are_in_the_page(publication_dir: Path, stem: str) -> None:
    register = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    page = page_text(publication_dir / f"{stem}.html")
    failures = []
    for c in register["claims"]:
        if c["display"] not in c["sentence"]:
            failures.append(
                f"{stem}: {c['name']}: display {c['display']!r} is not in its sentence "
                f"{c['sentence']!r}"
            )
        if sentence_text(c["sentence"]) not in page:
            failures.append(
                f"{stem}: {c['name']}: sentence not in {stem}.html: "
                f"{sentence_text(c['sentence'])!r}"
            )
    assert not failures, "\n  ".join(failures)

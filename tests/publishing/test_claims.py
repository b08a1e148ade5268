"""Every number the prose states is recomputed from data/ by an independent route.

The render registers each number of a report's prose as a claim (reports/<stem>.claims.json): its
value, and in `detail` the kind of computation and what identifies it. This test recomputes every
claim of every report of the publication WITHOUT evbrief.data / evbrief.analysis.metrics / evbrief.sections.funding:
the CSV files of data/ are read with the csv module and each kind is re-implemented from its
definition. A claim of an unknown kind fails, so that a new kind of number cannot reach the prose
unchecked.

The model outputs (scenario, scenario_gap, scenario_band, tornado_swing, skill_mae, interval_coverage) have no
closed form to re-derive from the tables: for them the independent route is to call
evbrief.analysis.scenarios directly (project / sample / tornado / backtest), outside the report code, and
compare with the registered value. The emissions model's outputs (lifecycle_gkm, crossover_grid,
crossover_year) are likewise recomputed by calling evbrief.analysis.emissions directly; its arithmetic is
worked by hand in tests/analysis/test_emissions.py.
evbrief.analysis.scenarios directly (project / sample / tornado / skill), outside the report code, and
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
import sys
import tomllib
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from evbrief import PROJECT_ROOT
from evbrief.analysis import emissions, scenarios

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
def history(name: str) -> tuple[dict, ...]:
    """Every row of a table, superseded ones included."""
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f))


@cache
def table(name: str) -> tuple[dict, ...]:
    """The current rows: those no later row replaces (`superseded_by` blank)."""
    return tuple(r for r in history(name) if not r.get("superseded_by"))


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


def plants_count(areas, origin: str, plant_type: str, statuses=ACTIVE) -> int:
    return sum(
        1
        for r in table("plants")
        if r["area"] in areas
        and r["status"] in statuses
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


# --- IEA series beyond car sales (prices, two-wheelers, charging) --------------------------------


def one_row(name: str, **key) -> dict | None:
    found = [r for r in table(name) if all(r[k] == str(v) for k, v in key.items())]
    assert len(found) <= 1, f"{name} has {len(found)} rows for {key}"
    return found[0] if found else None


def car_price(area, year, size_class, powertrain, stat="mean") -> float | None:
    row = one_row(
        "car_prices_iea", area=area, year=year, size_class=size_class, powertrain=powertrain
    )
    return num(row[f"price_{stat}_usd"]) if row else None


def mode_value(area, year, mode, powertrain, column) -> float | None:
    row = one_row("ev_modes_iea", area=area, year=year, mode=mode, powertrain=powertrain)
    return num(row[column]) if row else None


def charging_value(area, year, columns) -> float | None:
    row = one_row("ev_charging_iea", area=area, year=year)
    if not row:
        return None
    values = [num(row[c]) for c in columns]
    return None if any(v is None for v in values) else sum(values)


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
    rows = [r for r in history("commitments") if r["commitment_id"] == cid]
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


def powertrain_share(kind: str, d: dict) -> float | None:
    """A share of new sales from one source's rows for one market, year, period, scope and measure:
    the electrified (xEV) share as published, else (HEV or hybrid + PHEV + BEV) / total; the plug-in
    share as (PHEV + BEV) / total."""
    rows = [
        r
        for r in table("powertrain_sales")
        if r["area"] == d["area"]
        and int(r["year"]) == int(d["year"])
        and r["period"] == d["period"]
        and r["scope"] == d["scope"]
        and r["measure"] == d["measure"]
        and r["source_id"] == d["source_id"]
    ]
    if kind == "electrified_share":
        published = [
            num(r["share_pct"]) for r in rows if r["powertrain"] == "xEV" and r["share_pct"]
        ]
        if published:
            return published[0]
        parts = ("HEV", "hybrid", "PHEV", "BEV")
    else:
        parts = ("PHEV", "BEV")
    total = [num(r["units"]) for r in rows if r["powertrain"] == "total" and r["units"]]
    units = [num(r["units"]) for r in rows if r["powertrain"] in parts and r["units"]]
    if len(total) == 1 and units:
        return sum(units) / total[0] * 100
    every = {r["powertrain"]: num(r["units"]) for r in rows if r["units"]}
    if not total and {"ICE", "HEV", "PHEV", "BEV"} <= set(every) and units:
        # no total published, every powertrain counted: the total is their sum
        return sum(units) / sum(every[p] for p in ("ICE", "HEV", "PHEV", "BEV")) * 100
    if kind == "electrified_share":
        xev = [num(r["units"]) for r in rows if r["powertrain"] == "xEV" and r["units"]]
        return xev[0] / total[0] * 100 if xev and len(total) == 1 else None
    return None


def capacity_sum(areas, origin: str) -> float:
    """Announced vehicle-assembly capacity (vehicles per year) of an origin's plants on record."""
    return sum(
        num(p["capacity"])
        for p in table("plants")
        if p["area"] in areas
        and p["origin"] == origin
        and p["status"] in ACTIVE
        and p["capacity_unit"] == "vehicles_per_year"
        and num(p["capacity"]) is not None
    )


def plants_investment(origin: str, areas=ASEAN) -> tuple[float, int]:
    """Dollar sum and number of an origin's plants in the areas, not cancelled, with published investment.

    Each plant converts at the rate of its year (announced, else start, else status year); a plant
    whose currency has no rate within five years is left out of both the sum and the count.
    """
    total, n, _ = plants_investment_all(origin, areas)
    return total, n


def plants_investment_all(origin: str, areas=ASEAN) -> tuple[float, int, int]:
    """plants_investment, and the number of plants with a published investment it leaves out."""
    total, n, left = 0.0, 0, 0
    for p in table("plants"):
        if (
            p["origin"] != origin
            or p["status"] == "cancelled"
            or p["area"] not in areas
            or num(p["investment"]) is None
        ):
            continue
        year = next(int(p[k]) for k in ("announced_year", "start_year", "status_as_of") if p[k])
        ry = rate_year(p["investment_currency"], year)
        if ry is None:
            left += 1
            continue
        total += num(p["investment"]) / per_usd(p["investment_currency"], ry)
        n += 1
    return total, n, left


def plants_not_converted(origin: str, areas, currency: str) -> tuple[float, int]:
    """(sum in its own currency, count) of an origin's plants with published investment in `currency`,
    not cancelled, that no rate within five years converts: left out of the dollar sum, said apart."""
    total, n = 0.0, 0
    for p in table("plants"):
        if (
            p["origin"] != origin
            or p["status"] == "cancelled"
            or p["area"] not in areas
            or num(p["investment"]) is None
            or p["investment_currency"] != currency
        ):
            continue
        year = next(int(p[k]) for k in ("announced_year", "start_year", "status_as_of") if p[k])
        if rate_year(currency, year) is None:
            total += num(p["investment"])
            n += 1
    return total, n


# --- workforce and training ----------------------------------------------------------------------


def workforce(area: str, year: int, scope: str, source_id: str) -> float | None:
    """The workers of one row of auto_workforce (area, year, scope and source identify it)."""
    rows = [
        num(r["workers"])
        for r in table("auto_workforce")
        if (r["area"], int(r["year"]), r["scope"], r["source_id"]) == (area, year, scope, source_id)
    ]
    assert len(rows) <= 1, f"auto_workforce has {len(rows)} rows for {area} {year} {scope}"
    return rows[0] if rows else None


def newest_workforce_year(area: str, scope: str) -> int | None:
    years = [
        int(r["year"]) for r in table("auto_workforce") if (r["area"], r["scope"]) == (area, scope)
    ]
    return max(years) if years else None


def programme_amount(pid: str) -> float | None:
    rows = [num(r["amount"]) for r in table("training_programmes") if r["programme_id"] == pid]
    assert len(rows) <= 1, f"training_programmes has {len(rows)} rows with id {pid}"
    return rows[0] if rows else None


# --- biofuels -------------------------------------------------------------------------------------


def first_day(date: str) -> str:
    """2020 -> 2020-01-01; 2024-05 -> 2024-05-01."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def blend_in_force(area: str, fuel: str, as_of: str) -> tuple[float, str] | None:
    """(blend %, effective date) of the newest nationwide in-force or passed planned blend, unless
    that blend and date were postponed; None when that blend was temporary and has ended."""
    rows = [r for r in table("biofuel_mandates") if (r["area"], r["fuel"]) == (area, fuel)]
    postponed = {
        (num(r["blend_pct"]), r["effective_date"]) for r in rows if r["status"] == "postponed"
    }
    valid = [
        (first_day(r["effective_date"]), num(r["blend_pct"]), r["effective_date"])
        for r in rows
        if r["status"] in ("in_force", "planned")
        and r["nationwide"] == "true"
        and r["effective_date"]
        and first_day(r["effective_date"]) <= as_of
        and (num(r["blend_pct"]), r["effective_date"]) not in postponed
    ]
    if not valid:
        return None
    _, blend, date = max(valid)
    newest = next(r for r in rows if num(r["blend_pct"]) == blend and r["effective_date"] == date)
    if newest["end_date"] and newest["end_date"] < as_of:  # the schema allows full dates only
        return None
    return blend, date


def biofuel_volume(area: str, year: int, measure: str, unit: str) -> float | None:
    rows = [
        num(r["value"])
        for r in table("biofuels")
        if (r["area"], int(r["year"]), r["measure"], r["unit"]) == (area, year, measure, unit)
    ]
    assert len(rows) <= 1, f"biofuels has {len(rows)} rows for {area} {year} {measure} {unit}"
    return rows[0] if rows else None


# --- the member editions: production, targets, plants by status ---------------------------------

ENDED = ("closed", "closing", "cancelled")


def member_row(d: dict) -> float | None:
    rows = [
        num(r["units"])
        for r in table("member_production")
        if (r["area"], int(r["year"]), r["period"], r["measure"])
        == (d["area"], int(d["year"]), d["period"], d["measure"])
        and (r["vehicle_scope"], r["powertrain"], r["source_id"])
        == (d["vehicle_scope"], d["powertrain"], d["source_id"])
    ]
    assert len(rows) <= 1, f"member_production has {len(rows)} rows for {d}"
    return rows[0] if rows else None


def vehicle_plants(areas, statuses=ACTIVE, origin: str = "all") -> list[dict]:
    return [
        p
        for p in table("plants")
        if p["area"] in areas
        and p["status"] in statuses
        and origin in ("all", p["origin"])
        and p["capacity_unit"] == "vehicles_per_year"
        and num(p["capacity"]) is not None
    ]


def member_value(kind: str, d: dict) -> float | None:
    """The member editions' kinds: rows of member_production and member_targets, IEA stock, plants."""
    if kind == "member_production":
        return member_row(d)
    if kind == "member_target":
        rows = [num(r["value"]) for r in table("member_targets") if r["target_id"] == d["id"]]
        return rows[0] if len(rows) == 1 else None
    if kind == "production_share":
        common = dict(area=d["area"], year=d["year"], period="CY", measure="production")
        bev = member_row(
            {
                **common,
                "vehicle_scope": d["part_scope"],
                "powertrain": "BEV",
                "source_id": d["part_source"],
            }
        )
        total = member_row(
            {
                **common,
                "vehicle_scope": "all_vehicles",
                "powertrain": "total",
                "source_id": d["whole_source"],
            }
        )
        return bev / total * 100 if bev is not None and total else None
    if kind in ("ev_stock", "ev_stock_share"):
        row = ev_row(d["area"], int(d["year"]))
        return num(row["stock" if kind == "ev_stock" else "stock_share_pct"]) if row else None
    if kind == "target_gap":
        target = member_value("member_target", d)
        indicator = d["indicator"]
        now = (
            ev_share(d["area"], int(d["year"]))
            if indicator == "ev_share"
            else member_value(indicator, d)
        )
        return target - now if target is not None and now is not None else None
    if kind == "capacity_total":
        return sum(num(p["capacity"]) for p in vehicle_plants(d["areas"]))
    if kind == "capacity_before_closures":
        return sum(num(p["capacity"]) for p in vehicle_plants(d["areas"], ACTIVE + ENDED))
    if kind == "plant_capacity":
        rows = [num(p["capacity"]) for p in table("plants") if p["plant_id"] == d["id"]]
        return rows[0] if len(rows) == 1 else None
    if kind == "plants_built":
        return sum(
            1
            for p in table("plants")
            if p["area"] in d["areas"] and p["origin"] == d["origin"] and p["status"] == "operating"
        )
    if kind == "supplier_plants":
        return sum(
            1
            for p in table("plants")
            if p["area"] in d["areas"]
            and p["status"] in ACTIVE
            and p["plant_type"] not in ("vehicle_assembly", "motorcycle_assembly")
        )
    if kind == "plants_started":
        return sum(
            1
            for p in table("plants")
            if p["area"] in d["areas"]
            and p["status"] in ACTIVE
            and p["plant_type"] == d["plant_type"]
            and origin_matches(d["origin"], p["origin"])
            and p["start_year"]
            and int(p["start_year"]) >= int(d["since"])
        )
    raise UnknownKind(kind)


def origin_matches(wanted: str, origin: str) -> bool:
    return wanted in ("all", origin)


MEMBER_KINDS = {
    "member_production": EXACT,
    "member_target": EXACT,
    "production_share": COMPUTED,
    "ev_stock": EXACT,
    "ev_stock_share": EXACT,
    "target_gap": COMPUTED,
    "capacity_total": EXACT,
    "capacity_before_closures": EXACT,
    "plant_capacity": EXACT,
    "plants_built": EXACT,
    "supplier_plants": EXACT,
    "plants_started": EXACT,
}


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


# --- editions (editions/<label>/: claims files and a copy of data/), read with json and csv ------

EDITIONS = Path(os.environ.get("EVBRIEF_EDITIONS_DIR") or PROJECT_ROOT / "editions")
EV_NUMBERS = ("sales", "stock", "sales_share_pct", "stock_share_pct")


def edition_claims(label: str) -> dict[tuple[str, str], dict]:
    out = {}
    for file in (EDITIONS / label / "claims").glob("*.claims.json"):
        stem = file.name[: -len(".claims.json")]
        register = json.loads(file.read_text(encoding="utf-8"))
        for c in register["claims"]:
            out[(stem, c["name"])] = {**c, "end_year": register["parameters"].get("end_year")}
    return out


def edition_ev(label: str) -> dict[tuple[str, str, str], dict]:
    with open(EDITIONS / label / "data" / "ev_sales.csv", newline="", encoding="utf-8") as f:
        return {(r["area"], r["year"], r["powertrain"]): r for r in csv.DictReader(f)}


def generic(c: dict) -> tuple:
    """A claim's detail with its report's end year (the `end_year` given to it) written as *."""
    end = str(c.get("end_year", ""))
    return tuple(
        "*" if k in ("year", "to_year") and str(v) == end else str(v)
        for k, v in c["detail"].items()
    )


def edition_value(kind: str, d: dict) -> float | None:
    """Claims of the changes report, recomputed from the two archived editions."""
    if kind == "edition_claim":
        c = edition_claims(d["edition"]).get((d["report"], d["claim"]))
        return c["value"] if c else None
    if kind == "edition_revision":
        row = edition_ev(d["edition"]).get((d["area"], str(d["year"]), d["powertrain"]))
        return num(row[d["column"]]) if row else None
    if kind == "edition_moved":
        # the same statement: the same name, or the same but for the report's end year
        old, new = edition_claims(d["previous"]), edition_claims(d["current"])
        pairs = [(old[k], new[k]) for k in set(old) & set(new)]
        spare: dict = {}
        for k, c in old.items():
            if k not in new:
                spare.setdefault((k[0], generic(c)), []).append(c)
        for k, c in new.items():
            same = spare.get((k[0], generic(c)), [])
            if k not in old and len(same) == 1 and "*" in generic(c):
                pairs.append((same[0], c))
        return sum(1 for a, b in pairs if a["unit"] == b["unit"] and a["value"] != b["value"])
    if kind == "edition_revised":
        old, new = edition_ev(d["previous"]), edition_ev(d["current"])
        return sum(
            1
            for k in set(old) & set(new)
            for col in EV_NUMBERS
            if num(old[k][col]) is not None
            and num(new[k][col]) is not None
            and num(old[k][col]) != num(new[k][col])
        )
    raise UnknownKind(kind)


class UnknownKind(Exception):
    """A claim kind this test cannot recompute: it fails, so no new kind slips through unchecked."""


def recompute(c: dict, params: dict) -> tuple[float | None, float, list[str]]:
    """(independent value, relative tolerance, other problems) of one claim.

    An unknown kind raises UnknownKind."""
    d, kind = c["detail"], c["detail"]["kind"]
    notes: list[str] = []
    if kind.startswith("edition_"):
        return edition_value(kind, d), EXACT, notes
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
        statuses = d.get("statuses", ACTIVE)
        return plants_count(d["areas"], d["origin"], d["plant_type"], statuses), EXACT, notes
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
    if kind == "commitment_converted":
        # the dollar figure the source itself printed beside the amount
        return num(commitment(d["id"])["converted_amount"]), EXACT, notes
    if kind == "commitment_source_rate":
        return num(commitment(d["id"])["source_rate"]), EXACT, notes
    if kind == "commitment_implied_rate":
        # the source printed the amount and its dollar figure but not the rate
        c = commitment(d["id"])
        return num(c["amount"]) / num(c["converted_amount"]), COMPUTED, notes
    if kind == "record_entries":
        # the record: one entry per date with a meeting; other rows one each, a plan or decision
        # whose sources are all unofficial being a press report ("reported")
        rows = [
            r
            for r in table("policies")
            if r["area"] == d["area"]
            and r["policy_type"] in d["kinds"]
            and r["date"]
            and r["date"] >= d["since"]
            and re.search(d["pattern"], r["title"])
        ]
        package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
        sources = {
            s["id"]: s
            for res in package["resources"]
            if res["name"] == "policies"
            for s in res.get("sources", [])
        }
        meeting_dates = {r["date"] for r in rows if r["policy_type"] == "meeting"}
        official = [
            any(
                re.search(d["official"], sources.get(i, {}).get("publisher", ""))
                for i in r["source_id"].split(";")
            )
            for r in rows
        ]
        reported = sum(
            1
            for r, o in zip(rows, official, strict=True)
            if r["date"] not in meeting_dates
            and r["policy_type"] in ("target", "partnership")
            and not o
        )
        others = sum(
            1
            for r, o in zip(rows, official, strict=True)
            if r["date"] not in meeting_dates
            and not (r["policy_type"] in ("target", "partnership") and not o)
        )
        return (
            ((len(meeting_dates) + others) if d["status"] == "meeting" else reported),
            EXACT,
            notes,
        )
    if kind == "rule_threshold":
        # the rules the briefing states in words: a majority, a quarter, the first one
        return {"majority": 50.0, "quarter": 25.0, "first": 1}[d["rule"]], EXACT, notes
    if kind == "policy_events":
        # dated rows of the area, of the kinds named, since the month named, whose title matches
        rows = [
            r
            for r in table("policies")
            if r["area"] == d["area"]
            and r["policy_type"] in d["kinds"]
            and r["date"]
            and r["date"] >= d["since"]
            and re.search(d["pattern"], r["title"])
        ]
        return len(rows), EXACT, notes
    if kind == "iea_outlook":
        found = [
            num(r["sales_share_pct"])
            for r in table("ev_outlook_iea")
            if r["area"] == d["area"]
            and int(r["year"]) == int(d["year"])
            and r["scenario"] == d["scenario"]
        ]
        return (found[0] if len(found) == 1 else None), EXACT, notes
    if kind in ("electrified_share", "plug_in_share"):
        return powertrain_share(kind, d), COMPUTED, notes
    if kind == "capacity_sum":
        return capacity_sum(d["areas"], d["origin"]), EXACT, notes
    if kind == "plants_investment_usd":
        return plants_investment(d["origin"], d.get("areas", ASEAN))[0], COMPUTED, notes
    if kind == "plants_with_investment":
        return plants_investment(d["origin"], d.get("areas", ASEAN))[1], EXACT, notes
    if kind == "plants_not_converted":
        return plants_not_converted(d["origin"], d["areas"], d["currency"])[1], EXACT, notes
    if kind == "plants_investment_local":
        return plants_not_converted(d["origin"], d["areas"], d["currency"])[0], EXACT, notes
    if kind == "investment_ratio":
        m = re.fullmatch(r"(\w+) plants", d["numerator"])
        if not m:
            notes.append(f"numerator {d['numerator']!r} is not '<origin> plants'")
            return None, COMPUTED, notes
        den = commitment_usd(d["denominator"])
        return (plants_investment(m.group(1))[0] / den[0] if den else None), COMPUTED, notes
    if kind in MEMBER_KINDS:
        return member_value(kind, d), MEMBER_KINDS[kind], notes
    if kind == "auto_workforce":
        return workforce(d["area"], int(d["year"]), d["scope"], d["source_id"]), EXACT, notes
    if kind == "budget_per_worker":
        # the budget (a commitment, in its own currency) divided by one workforce count; the prose
        # must say what the budget is, so the claim has to carry its basis
        if "not-earmarked" not in d.get("basis", ""):
            notes.append(f"basis {d.get('basis')!r} does not say the budget is not earmarked")
        if newest_workforce_year(d["area"], d["scope"]) != int(d["year"]):
            notes.append(f"{d['year']} is not the newest {d['scope']} count for {d['area']}")
        workers = workforce(d["area"], int(d["year"]), d["scope"], d["source_id"])
        budget = num(commitment(d["budget"])["amount"])
        return (budget / workers if workers else None), COMPUTED, notes
    if kind == "training_programme":
        return programme_amount(d["id"]), EXACT, notes
    if kind == "biofuel_mandate":
        found = blend_in_force(d["area"], d["fuel"], d["as_of"])
        if found and found[1] != d["effective_date"]:
            notes.append(f"blend of {found[1]} is in force, not that of {d['effective_date']}")
        return (found[0] if found else None), EXACT, notes
    if kind == "biofuel_volume":
        return biofuel_volume(d["area"], int(d["year"]), d["measure"], d["in_unit"]), EXACT, notes
    if kind == "scenario_parameter":
        # a stated assumption: read scenarios.toml with tomllib, not through evbrief.analysis.scenarios
        spec = tomllib.loads((PROJECT_ROOT / "scenarios.toml").read_text())
        value = spec["defaults"][d["section"]][d["field"]]
        key = f"{d['section']}.{d['field']}"
        changed = spec["scenario"][d["scenario"]].get(key)
        overridden = (params.get("overrides") or {}).get(key)
        if overridden is not None:
            changed = overridden
        value = changed if changed is not None else value
        if "key" in d:  # one market of a table by market, or one end of a range
            value = value[d["key"]]
        return float(value), EXACT, notes
    # model outputs: evbrief.analysis.scenarios called directly, not through the report code
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
        if a is None or b is None:
            return None, COMPUTED, notes
        # the difference of the two shares as the table prints them (places decimals, e.g.
        # 64.26 and 56.14 print as 64.3 and 56.1, so the text says 8.2, not 8.12)
        places = int(d.get("places", 6))
        return round(round(a, places) - round(b, places), 9), COMPUTED, notes
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
    if kind == "grid_intensity":
        rows = [
            r
            for r in table("grid_intensity")
            if r["area"] == d["area"] and r["year"] == str(d["year"])
        ]
        return (num(rows[0]["gco2_per_kwh"]) if len(rows) == 1 else None), EXACT, notes
    if kind == "lifecycle_parameter":
        rows = [r for r in table("lifecycle_parameters") if r["row_id"] == d["id"]]
        if rows and rows[0]["unit"] != c["unit"]:
            notes.append(f"unit {c['unit']!r} is not the table's {rows[0]['unit']!r}")
        return (num(rows[0]["value"]) if len(rows) == 1 else None), EXACT, notes
    # the emissions model: evbrief.analysis.emissions called directly, not through the report code
    if kind == "lifecycle_gkm":
        value = emissions.lifecycle_value(d["area"], int(d["year"]), d["pathway"], d["scenario"])
        return value, COMPUTED, notes
    if kind == "crossover_grid":
        return emissions.crossover_grid(emissions.load_parameters()), COMPUTED, notes
    if kind == "crossover_year":
        return emissions.crossover_year(d["area"], d["scenario"]), EXACT, notes
    if kind == "lifecycle_reduction":
        a = emissions.lifecycle_value(d["area"], int(d["year"]), d["subject"], d["scenario"])
        b = emissions.lifecycle_value(d["area"], int(d["year"]), d["versus"], d["scenario"])
        return (100 * (1 - a / b) if a is not None and b else None), COMPUTED, notes
    if kind == "ceiling_swing":
        overrides = params.get("overrides") or None
        t = scenarios.ceiling_table(d["scenario"], overrides=overrides, spread=False)
        row = t[t["area"] == d["area"]]
        return (float(row["swing_pp"].iloc[0]) if len(row) else None), COMPUTED, notes
    if kind == "ceiling_band":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        s = samples(d["scenario"], int(d["draws"]), d["area"], overrides)
        v = s.loc[s["year"] == scenarios.HORIZON, "ev_share_pct"].to_numpy(dtype=float)
        return float(np.quantile(v, 0.95) - np.quantile(v, 0.05)), COMPUTED, notes
    if kind == "member_target":
        rows = [r for r in table("member_targets") if r["target_id"] == d["id"]]
        return (num(rows[0]["value"]) if len(rows) == 1 else None), EXACT, notes
    if kind == "target_distance":
        rows = [r for r in table("member_targets") if r["target_id"] == d["id"]]
        if len(rows) != 1:
            return None, EXACT, notes
        r = rows[0]
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        path = projected(d["scenario"], r["area"], int(r["target_year"]), "ev_share_pct", overrides)
        return (None if path is None else abs(path - num(r["value"]))), COMPUTED, notes
    if kind == "fastest_rise":
        # by hand from the table: the largest rise of the electric share over `years` years
        shares = {}
        for r in table("ev_sales"):
            if r["powertrain"] == "EV" and r["sales_share_pct"]:
                shares.setdefault(r["area"], {})[int(r["year"])] = num(r["sales_share_pct"])
        k = int(d["years"])
        rises = [s[y + k] - v for s in shares.values() for y, v in s.items() if y + k in s]
        return (max(rises) if rises else None), COMPUTED, notes
    if kind == "path_rise":
        overrides = json.dumps(params.get("overrides") or {}, sort_keys=True)
        k = int(d["years"])
        values = [
            projected(d["scenario"], d["area"], y, "ev_share_pct", overrides)
            for y in range(2020, scenarios.HORIZON + 1)
        ]
        years = [
            y
            for y, v in zip(range(2020, scenarios.HORIZON + 1), values, strict=True)
            if v is not None
        ]
        by = dict(zip(years, [v for v in values if v is not None], strict=True))
        rises = [by[y + k] - by[y] for y in by if y + k in by]
        return (max(rises) if rises else None), COMPUTED, notes
    if kind == "lifecycle_band":
        # the band's draws are the model's; the draws and seed are those it registered
        b = emissions.comparison_band(
            d["area"], d["scenario"], int(d["year"]), draws=int(d["draws"]), seed=int(d["seed"])
        )
        return (None if b is None else emissions.BAND_ENDS[d["which"]](b)), COMPUTED, notes
    if kind == "band_crossover_year":
        if int(d["draws"]) != emissions.DRAWS or int(d["seed"]) != emissions.SEED:
            notes.append("registered with other draws or seed than the model's")
        return emissions.band_crossover_year(d["area"], d["scenario"]), EXACT, notes
    if kind == "production_t":
        # by hand from the table: body + battery kWh x kg/kWh (the low and high ends of the range)
        rows = {r["row_id"]: num(r["value"]) for r in table("lifecycle_parameters")}
        kwh = {"ICE": 0.0, **{k: rows[v] for k, v in emissions.BATTERY_ROWS.items()}}[d["pathway"]]
        low, central, high = (rows[r] for r in emissions.RANGES["battery_kg_per_kwh"])
        body = rows[emissions.ROW_OF["vehicle_t"]]
        by = {
            "total_t": body + kwh * central / 1000,
            "battery_t": kwh * central / 1000,
            "battery_low_t": kwh * low / 1000,
            "battery_high_t": kwh * high / 1000,
        }
        return by.get(d["column"]), COMPUTED, notes
    if kind == "parameter_range":
        rows = {r["row_id"]: num(r["value"]) for r in table("lifecycle_parameters")}
        value = rows.get(d["row"])
        if d["row"] in emissions.GAIN_ROWS and value is not None:
            value = 100 * (1 - 1 / (1 + value / 100))  # a fuel-economy gain as a fuel saving
        expected = emissions.RANGES[d["field"]][("low", "central", "high").index(d["end"])]
        if expected != d["row"]:
            notes.append(f"{d['field']} {d['end']} is {expected}, not {d['row']}")
        return value, COMPUTED, notes
    if kind == "grid_path":
        return emissions.grid_path_value(d["area"], d["scenario"], int(d["year"])), COMPUTED, notes
    if kind == "battery_plant_extra":
        t = emissions.battery_plant_table([d["area"]])
        return (float(t["vs_reference_t"].iloc[0]) if len(t) == 1 else None), COMPUTED, notes
    if kind == "blend_change":
        p = emissions.load_parameters()
        ci = emissions.blend_intensity(p, d["fuel"], float(d["bio_pct"]), d["land_use_change"])
        return 100 * (ci / p.fossil_g_per_mj - 1), COMPUTED, notes
    if kind == "nickel_extra":
        # by hand from the table: (route - comparison) t/t x nickel per battery (kg -> t)
        rows = {r["row_id"]: num(r["value"]) for r in table("lifecycle_parameters")}
        hi, lo = emissions.NICKEL_ROUTES[d["route"]]
        return (rows[hi] - rows[lo]) * rows["LC42"] / 1000, COMPUTED, notes
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
    if kind == "car_price":
        return (
            car_price(d["area"], d["year"], d["size_class"], d["powertrain"], d["stat"]),
            EXACT,
            notes,
        )
    if kind == "car_price_gap_pct":
        bev = car_price(d["area"], d["year"], d["size_class"], "BEV")
        icev = car_price(d["area"], d["year"], d["size_class"], "ICEV")
        if bev is None or not icev:
            return None, COMPUTED, notes
        gap = (bev / icev - 1) * 100
        if (gap > 0) != bool(d["bev_dearer"]):
            notes.append(
                f"the sentence says the battery car is dearer={d['bev_dearer']}, gap {gap}"
            )
        return abs(gap), COMPUTED, notes
    if kind in ("ev_mode_share", "ev_mode_sales"):
        column = "sales_share_pct" if kind == "ev_mode_share" else "sales"
        return mode_value(d["area"], d["year"], d["mode"], d["powertrain"], column), EXACT, notes
    if kind == "charging_points":
        return charging_value(d["area"], d["year"], d["classes"]), EXACT, notes
    if kind == "ldvs_per_charging_point":
        return charging_value(d["area"], d["year"], ["ldvs_per_charging_point"]), EXACT, notes
    if kind == "promise_count":
        # the rule re-implemented with the csv module in tests/analysis/test_promises.py
        from tests.analysis.test_promises import independent_count

        return independent_count(d["origin"], d["status"]), EXACT, notes
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
                f"{where}: kind {exc} has no independent check in tests/publishing/test_claims.py "
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


# --- differences: a difference in the text or a table is the difference of the numbers shown -------


class _Tables(HTMLParser):
    """Each table of a page: its declared difference columns (data-differences), header and rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            declared = dict(attrs).get("data-differences")
            self.tables.append(
                {"differences": json.loads(declared) if declared else {}, "rows": []}
            )
        elif tag == "tr" and self.tables:
            # the caption row (the table's title, repeated on each printed page) is not a header
            caption = "evb-caption-row" in (dict(attrs).get("class") or "")
            self.tables[-1]["rows"].append(None if caption else [])
        elif tag in ("td", "th") and self.tables:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            if self.tables[-1]["rows"][-1] is not None:
                self.tables[-1]["rows"][-1].append(collapse(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def tables_of(page: str) -> list[dict]:
    """Tables as a list of {differences, header, rows (dicts by header)}."""
    parser = _Tables()
    parser.feed(page)
    out = []
    for t in parser.tables:
        rows = [r for r in t["rows"] if r]
        if not rows:
            continue
        header, body = rows[0], rows[1:]
        out.append(
            {
                "differences": t["differences"],
                "header": header,
                "rows": [dict(zip(header, r, strict=False)) for r in body],
            }
        )
    return out


def number(text: str) -> float | None:
    m = re.search(r"-?[\d,]*\.?\d+", text.replace("−", "-"))
    return None if m is None else float(m.group(0).replace(",", ""))


def decimals_of(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return 0 if m is None else len(m.group(1))


def difference_problems(page: str, claims: list[dict]) -> list[str]:
    """Rows whose declared difference is not the difference of the printed operands, and quoted
    scenario gaps that no table row shows."""
    problems = []
    tables = tables_of(page)
    for n, t in enumerate(tables, 1):
        for col, (a, b) in t["differences"].items():
            for row in t["rows"]:
                shown, x, y = row.get(col, ""), number(row.get(a, "")), number(row.get(b, ""))
                if x is None or y is None or number(shown) is None:
                    continue
                if round(x - y, decimals_of(shown)) != number(shown):
                    problems.append(f"table {n}: {col} {shown} but {a} − {b} = {x} − {y}")
    for c in claims:
        if c["detail"]["kind"] != "scenario_gap":
            continue
        said = number(c["display"])
        labels = [scenarios.label(c["detail"][k]) for k in ("a", "b")]
        found = False
        for t in tables:
            for col, (a, b) in t["differences"].items():
                if not (labels[0] in a and labels[1] in b):
                    continue
                for row in t["rows"]:
                    if row.get("Year") == str(c["detail"]["year"]) and number(row[col]) == said:
                        found = True
        if not found:
            problems.append(f"{c['name']}: {c['display']} is in no table row that shows {labels}")
    return problems


@pytest.mark.parametrize("stem", STEMS)
def test_quoted_differences_equal_the_differences_shown(publication_dir: Path, stem: str) -> None:
    page = (publication_dir / f"{stem}.html").read_text(encoding="utf-8")
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    problems = difference_problems(page, claims["claims"])
    assert not problems, "\n".join(problems)


def test_a_difference_of_unrounded_values_is_caught() -> None:
    # 64.26 - 56.14 = 8.12 prints as 8.1, but the shares print as 64.3 and 56.1: the reader computes 8.2
    a, b = scenarios.label("strategy_delivered"), scenarios.label("china_accelerates")
    declared = html.escape(json.dumps({"Difference (pp)": [f"{a} (%)", f"{b} (%)"]}))
    page = (
        f'<table data-differences="{declared}"><tr><th>Year</th><th>{a} (%)</th>'
        f"<th>{b} (%)</th><th>Difference (pp)</th></tr>"
        "<tr><td>2030</td><td>64.3</td><td>56.1</td><td>8.1</td></tr></table>"
    )
    gap = {
        "name": "scenario_gap:x",
        "display": "8.1 percentage points",
        "detail": {
            "kind": "scenario_gap",
            "a": "strategy_delivered",
            "b": "china_accelerates",
            "year": 2030,
        },
    }
    problems = difference_problems(page, [gap])
    assert any(p.startswith("table 1: Difference (pp) 8.1") for p in problems), problems
    # the same claim against a table that adds up (and shows 8.1) passes; one that is absent fails
    fixed = page.replace("<td>64.3</td>", "<td>64.2</td>")
    assert difference_problems(fixed, [gap]) == []
    assert difference_problems(fixed.replace("2030", "2035"), [gap])


# --- currency: a report quotes the current evidence, the latest period, and says what a sum leaves out --


@cache
def package() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def id_column(name: str) -> str | None:
    """The column naming a row of a compiled table (datapackage `rowId`); None for a derived table."""
    for res in package()["resources"]:
        if res["name"] == name:
            return res["schema"].get("rowId")
    return None


def superseded_quotes(claims: list[dict]) -> list[str]:
    """Claims that quote a row a later row replaces: by the rows the claims file names, or by the
    row id in the claim's detail."""
    problems = []
    quoted_ids = {str(c["detail"].get("id")) for c in claims if "id" in c["detail"]}
    for c in claims:
        col = id_column(c["dataset"])
        if col is None:
            continue
        rows = {r[col]: r for r in history(c["dataset"])}
        then = c["detail"].get("then")
        if then and then in quoted_ids:
            continue  # history told beside the row that replaced it ("cut from ¥10 trillion to ¥7 trillion")
        quoted = list(c.get("rows", []))
        if "id" in c["detail"]:
            quoted.append(str(c["detail"]["id"]))
        for rid in quoted:
            if rid in rows and rows[rid]["superseded_by"]:
                problems.append(
                    f"{c['name']}: quotes {c['dataset']} row {rid}, superseded by "
                    f"{rows[rid]['superseded_by']}"
                )
    return problems


MONTH = {
    m: i
    for i, m in enumerate(
        ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
    if m
}


def period_end(year, period: str) -> tuple[int, int]:
    """(year, last month) of a period written as the tables write it (CY, H1, Q3, Jan-Jul, Apr)."""
    ends = {"CY": 12, "FY": 12, "H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}
    if period in ends:
        return int(year), ends[period]
    if period[:4] in ("Jan-", "YTD-"):
        return int(year), MONTH[period[4:]]
    return int(year), MONTH.get(period, 12)


def span(period: str) -> int:
    """Months a period covers: CY 12, H1 6, Q3 3, Jan-Jul 7, a single month 1."""
    if period in ("CY", "FY"):
        return 12
    if period in ("H1", "H2"):
        return 6
    if re.fullmatch(r"Q[1-4]", period):
        return 3
    if period[:4] in ("Jan-", "YTD-"):
        return MONTH[period[4:]]
    return 1


def displaces(newer: tuple[int, int, str], older: tuple[int, int, str]) -> bool:
    """A later observation replaces an older one when it covers at least as long a period: the full
    year 2025 replaces January-July 2025 and the full year 2024, but January-May 2026 (five months)
    does not replace the first half of 2025, nor does April 2025 replace 2024."""
    return newer[:2] > older[:2] and span(newer[2]) >= span(older[2])


def concept(c: dict) -> tuple | None:
    """What a claim measures, apart from its period and source (same area, scope and measure)."""
    d, kind = c["detail"], c["detail"]["kind"]
    if kind == "origin_share":
        return kind, d["area"], d["segment"], d["group"]
    if kind in ("electrified_share", "plug_in_share"):
        return kind, d["area"], d["scope"], d["measure"]
    if kind == "auto_workforce":
        return kind, d["area"], d["scope"]
    return None


def observations(c: dict) -> list[tuple[int, int, str, str]]:
    """Every current observation in data/ of the concept a claim quotes: (year, month, period, source)."""
    d, kind = c["detail"], c["detail"]["kind"]
    found = set()
    if kind == "origin_share":
        for r in table("brand_shares"):
            key = (r["area"], r["segment"], r["group_type"], r["group"])
            if key == (d["area"], d["segment"], "origin", d["group"]) and r["share_pct"]:
                found.add((*period_end(r["year"], r["period"]), r["period"], r["source_id"]))
    elif kind in ("electrified_share", "plug_in_share"):
        for r in table("powertrain_sales"):
            if (r["area"], r["scope"], r["measure"]) != (d["area"], d["scope"], d["measure"]):
                continue
            other = {**d, "year": r["year"], "period": r["period"], "source_id": r["source_id"]}
            if powertrain_share(kind, other) is not None:
                found.add((*period_end(r["year"], r["period"]), r["period"], r["source_id"]))
    elif kind == "auto_workforce":
        for r in table("auto_workforce"):
            if (r["area"], r["scope"]) == (d["area"], d["scope"]):
                found.add((int(r["year"]), 12, "CY", r["source_id"]))
    return sorted(found)


def claim_period(c: dict) -> tuple[int, int, str]:
    d = c["detail"]
    period = d.get("period", "CY")
    return (*period_end(d["year"], period), period)


def older_period_quotes(claims: list[dict]) -> list[str]:
    """Claims of an older period of a concept while data/ holds a newer comparable observation that
    the report does not quote: an earlier period may be told as history beside the latest, not alone."""
    problems = []
    for c in claims:
        if concept(c) is None:
            continue
        said = claim_period(c)
        newer = [o for o in observations(c) if displaces(o[:3], said)]
        if not newer:
            continue
        newest = max(o[:2] for o in newer)
        told = [o for o in claims if concept(o) == concept(c) and claim_period(o)[:2] >= newest]
        if not told:
            problems.append(
                f"{c['name']}: quotes {said[2]} {said[0]} though data/ holds "
                + ", ".join(f"{o[2]} {o[0]} ({o[3]})" for o in newer)
            )
    return problems


#: a sum over rows, and the kind of claim that says how many rows it left out
SUMS = {"plants_investment_usd": "plants_not_converted"}


def silent_sums(claims: list[dict]) -> list[str]:
    """Sums that leave out rows they cannot convert or count while their sentence does not say how
    many: the sentence must hold a left-out claim of the same scope with that count."""
    problems = []
    for c in claims:
        kind = c["detail"]["kind"]
        if kind not in SUMS:
            continue
        d = c["detail"]
        left = plants_investment_all(d["origin"], d.get("areas", ASEAN))[2]
        if not left:
            continue
        # the left-out plants are told beside the sum, one claim per currency they are published in
        told = [
            o
            for o in claims
            if o["detail"]["kind"] == SUMS[kind]
            and o["detail"].get("origin") == d["origin"]
            and o["detail"].get("areas") == d.get("areas")
        ]
        said = told if sum(o["value"] for o in told) == left else []
        if not said:
            problems.append(
                f"{c['name']}: the sum leaves out {left} row(s) it cannot convert, and its sentence "
                f"does not say so: {c['sentence']!r}"
            )
    return problems


@pytest.mark.parametrize("stem", STEMS)
def test_no_report_quotes_a_superseded_row(publication_dir: Path, stem: str) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    problems = superseded_quotes(claims["claims"])
    assert not problems, "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_every_claim_quotes_the_latest_period(publication_dir: Path, stem: str) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    problems = older_period_quotes(claims["claims"])
    assert not problems, "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_a_sum_says_what_it_leaves_out(publication_dir: Path, stem: str) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    problems = silent_sums(claims["claims"])
    assert not problems, "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_every_claim_carries_its_as_of_date(publication_dir: Path, stem: str) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))
    assert all("as_of" in c and "checked" in c for c in claims["claims"])
    nameless = [
        c["name"]
        for c in claims["claims"]
        if id_column(c["dataset"]) and c["value"] and not c["rows"]
    ]
    assert not nameless, f"claims on compiled tables that name no row: {nameless}"


def _claim(kind: str, value, sentence: str = "", display: str = "", dataset: str = "x", **detail):
    return {
        "name": f"{kind}:test",
        "value": value,
        "display": display or str(value),
        "dataset": dataset,
        "sentence": sentence,
        "detail": {"kind": kind, **detail},
        "rows": [],
    }


def test_a_quoted_superseded_row_is_caught() -> None:
    # the shipped data: the Philippine B4 plan of 2025-10-01 was postponed (a later row replaces it)
    old = next(r for r in history("biofuel_mandates") if r["superseded_by"])
    quoting = {**_claim("blend", 4, dataset="biofuel_mandates"), "rows": [old["row_id"]]}
    assert superseded_quotes([quoting]), "a claim on a superseded row passed"
    current = {**quoting, "rows": [old["superseded_by"]]}
    assert superseded_quotes([current]) == []
    # by id too: a commitment superseded in a copy of the table
    c01 = _claim("commitment_amount", 1, dataset="commitments", id="C01")
    assert superseded_quotes([c01]) == []
    # history: Honda's plan of May 2024 (C04) told beside the row that replaced it passes, alone fails
    plan = next(r for r in history("commitments") if r["commitment_id"] == "C04")
    assert plan["superseded_by"], "the fixture needs Honda's replaced plan"
    was = _claim(
        "commitment_amount", 1, dataset="commitments", id="C04", then=plan["superseded_by"]
    )
    now = _claim("commitment_amount", 1, dataset="commitments", id=plan["superseded_by"])
    assert superseded_quotes([was, now]) == []
    assert superseded_quotes([was]), "an old plan told without the plan that replaced it passed"


def test_an_older_period_is_caught() -> None:
    # Indonesia's workforce: a 2021 count of vehicle assemblers while data/ holds a later one
    rows = [
        r for r in table("auto_workforce") if (r["area"], r["scope"]) == ("IDN", "vehicle_assembly")
    ]
    years = sorted(int(r["year"]) for r in rows)
    assert len(years) > 1, "the fixture needs two years of one concept"
    old = _claim(
        "auto_workforce", 1, area="IDN", year=years[0], scope="vehicle_assembly", source_id="x"
    )
    assert older_period_quotes([old]), "a claim of an older period passed"
    new = {**old, "detail": {**old["detail"], "year": years[-1]}}
    assert older_period_quotes([new]) == []
    # told as history beside the latest, the older period passes
    assert older_period_quotes([old, new]) == []
    # a part of a year is replaced by the whole year; a whole year is not replaced by a later part
    assert displaces((2025, 12, "CY"), (2025, 7, "Jan-Jul"))
    assert not displaces((2026, 5, "Jan-May"), (2025, 12, "CY"))
    assert not displaces((2026, 5, "Jan-May"), (2025, 6, "H1"))
    assert displaces((2025, 10, "Jan-Oct"), (2025, 6, "H1"))
    assert displaces((2026, 12, "CY"), (2025, 12, "CY"))


def test_a_silent_sum_is_caught(monkeypatch) -> None:
    # Japanese plants in Thailand whose baht investments predate the rates held: the rate table as
    # it was before its 2007-2014 baht rows, so that the sum has plants it cannot convert
    held = per_usd
    monkeypatch.setattr(
        sys.modules[__name__],
        "per_usd",
        lambda c, y: None if c == "THB" and y < 2015 else held(c, y),
    )
    total, n, left = plants_investment_all("japanese", ("THA",))
    assert left, "the fixture needs a plant the sum cannot convert"
    s = _claim(
        "plants_investment_usd",
        total,
        "X across 9 Japanese plants",
        "X",
        "plants",
        origin="japanese",
        areas=["THA"],
    )
    assert silent_sums([s]), "a sum that left rows out silently passed"
    said = f"X across 9 Japanese plants ({left} more left out)"
    told = _claim(
        "plants_not_converted", left, said, str(left), "plants", origin="japanese", areas=["THA"]
    )
    assert silent_sums([{**s, "sentence": said}, told]) == []
    wrong = {**told, "value": left + 1, "display": str(left + 1)}
    assert silent_sums([{**s, "sentence": said}, wrong])

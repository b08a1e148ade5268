"""Build the IEA series beyond car sales from a Global EV Data Explorer release: car prices, two- and
three-wheelers, buses, trucks and vans, public charging, and the electric fleet's power, oil and batteries.

Same release as `iea.py` (read with `iea.read_release`); only historical rows for the areas of
data/area_names.csv are kept, values as IEA publishes them (two significant figures). The definitions
quoted in the tables' descriptions are those of the workbook's Definitions sheet.
"""

from __future__ import annotations

import pandas as pd

from evbrief.data.sources.common import area_map
from evbrief.data.sources.iea import SourceFormatError

MODES = {  # IEA mode -> our name (cars are in ev_sales; kept here only for the energy series)
    "Cars": "cars",
    "2 and 3 wheelers": "two_three_wheelers",
    "Buses": "buses",
    "Trucks": "trucks",
    "Vans": "vans",
}
SIZE_CLASSES = {
    "All cars": "all",
    "City car": "city",
    "Medium car": "medium",
    "Large car": "large",
    "Small SUV/Pick-up": "small_suv_pickup",
    "Large SUV/Pick-up": "large_suv_pickup",
}
PRICE_STATS = ["mean", "p0", "p25", "p50", "p75", "p95", "p100"]
CHARGERS = {
    "Publicly available slow": "slow_points",
    "Publicly available fast": "fast_points",
    "Publicly available ultra-fast": "ultra_fast_points",
}
CHARGING_RATIOS = {
    "Electric LDVs per charging point": "ldvs_per_charging_point",
    "Average capacity per EV": "kw_per_ev",
    "Average capacity per EVSE": "kw_per_evse",
}
ENERGY = {
    "Electricity demand": "electricity_demand_gwh",
    "Oil displacement Mlge": "oil_displacement_mlge",
    "Oil displacement, Mbd": "oil_displacement_mbd",
    "Battery deployment": "battery_deployment_gwh",
}
FLEET = {
    "EV sales": "sales",
    "EV stock": "stock",
    "EV sales share": "sales_share_pct",
    "EV stock share": "stock_share_pct",
}
FLEET_POWERTRAINS = ["EV", "BEV", "PHEV", "FCEV"]


def _historical(table: pd.DataFrame, parameters, modes) -> pd.DataFrame:
    """Historical rows of the parameters and modes for the areas we track, area codes mapped."""
    names = area_map("iea")
    keep = (
        (table["category"] == "Historical")
        & table["parameter"].isin(list(parameters))
        & table["mode"].isin(list(modes))
        & table["region"].isin(names)
    )
    rows = table[keep].copy()
    if rows.empty:
        raise SourceFormatError(
            f"no historical rows of {', '.join(parameters)} for the areas we track"
        )
    rows["area"] = rows["region"].map(names)
    rows["year"] = rows["year"].astype(int)
    rows["value"] = pd.to_numeric(rows["value"], errors="raise")
    return rows


def _wide(rows: pd.DataFrame, index: list[str], column: str, columns: list[str]) -> pd.DataFrame:
    if rows.duplicated([*index, column]).any():
        raise SourceFormatError(f"duplicate ({', '.join(index)}, {column}) rows in the release")
    wide = rows.pivot(index=index, columns=column, values="value").reset_index()
    wide.columns.name = None
    for col in columns:
        if col not in wide.columns:
            wide[col] = pd.NA
    return wide


def build_car_prices(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Sticker prices of new cars (2025 USD) by size class and powertrain: mean and percentiles."""
    params = {f"price_{s}_2025USD": f"price_{s}_usd" for s in PRICE_STATS}
    rows = _historical(table, params, SIZE_CLASSES)
    rows["measure"] = rows["parameter"].map(params)
    rows["size_class"] = rows["mode"].map(SIZE_CLASSES)
    wide = _wide(
        rows, ["area", "year", "size_class", "powertrain"], "measure", list(params.values())
    )
    wide["source_id"] = source_id
    order = {c: i for i, c in enumerate(SIZE_CLASSES.values())}
    wide = wide.sort_values(
        ["area", "year", "size_class", "powertrain"],
        key=lambda s: s.map(order) if s.name == "size_class" else s,
    )
    return wide[
        ["area", "year", "size_class", "powertrain", *params.values(), "source_id"]
    ].reset_index(drop=True)


def build_ev_modes(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Electric sales, stock and shares of two- and three-wheelers, buses, trucks and vans."""
    modes = {k: v for k, v in MODES.items() if v != "cars"}
    rows = _historical(table, FLEET, modes)
    rows = rows[rows["powertrain"].isin(FLEET_POWERTRAINS)].copy()
    rows["measure"] = rows["parameter"].map(FLEET)
    rows["mode"] = rows["mode"].map(modes)
    wide = _wide(rows, ["area", "year", "mode", "powertrain"], "measure", list(FLEET.values()))
    for col in ("sales", "stock"):
        wide[col] = wide[col].round().astype("Int64")
    wide["source_id"] = source_id
    order = {p: i for i, p in enumerate(FLEET_POWERTRAINS)}
    wide = wide.sort_values(
        ["area", "mode", "year", "powertrain"],
        key=lambda s: s.map(order) if s.name == "powertrain" else s,
    )
    return wide[["area", "year", "mode", "powertrain", *FLEET.values(), "source_id"]].reset_index(
        drop=True
    )


def build_charging(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Public charging points by power (slow, fast, ultra-fast) and light EVs per charging point."""
    points = _historical(table, ["EV charging points"], ["EVSE"])
    points = points[points["powertrain"].isin(CHARGERS)].copy()
    points["measure"] = points["powertrain"].map(CHARGERS)
    ratios = _historical(table, CHARGING_RATIOS, ["EV"])
    ratios["measure"] = ratios["parameter"].map(CHARGING_RATIOS)
    rows = pd.concat([points, ratios], ignore_index=True)
    columns = [*CHARGERS.values(), *CHARGING_RATIOS.values()]
    wide = _wide(rows, ["area", "year"], "measure", columns)
    for col in CHARGERS.values():
        wide[col] = wide[col].round().astype("Int64")
    wide["source_id"] = source_id
    return wide.sort_values(["area", "year"])[["area", "year", *columns, "source_id"]].reset_index(
        drop=True
    )


def build_ev_energy(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The electric fleet's electricity demand, oil displaced and batteries deployed, by mode."""
    rows = _historical(table, ENERGY, MODES)
    rows = rows[rows["powertrain"] == "EV"].copy()
    rows["measure"] = rows["parameter"].map(ENERGY)
    rows["mode"] = rows["mode"].map(MODES)
    wide = _wide(rows, ["area", "year", "mode"], "measure", list(ENERGY.values()))
    wide["source_id"] = source_id
    order = {m: i for i, m in enumerate(MODES.values())}
    wide = wide.sort_values(
        ["area", "year", "mode"], key=lambda s: s.map(order) if s.name == "mode" else s
    )
    return wide[["area", "year", "mode", *ENERGY.values(), "source_id"]].reset_index(drop=True)

"""Rebuild the tables of data/ that are derived from the reference source files.

Run as `python -m evbrief.data.derive --reference ../shared/data/reference`. The tables it writes are
committed, so nothing at report time needs the reference folder. Tables taken from publications by
hand (brand shares, plants, commitments, policies, USGS tonnages, biofuel mandates, automotive
workforce, training programmes) are edited directly, not derived.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evbrief.data.sources import ei, fx, grid, iea, iea_series, minerals, oica
from evbrief.data.sources.common import write_csv_atomic
from evbrief.data.tables import DEFAULT_DATA_DIR

IEA_EV_FILE = "iea_gevo2026/GEVO_EV_2026_sheet_export.csv"
EI_BIOFUELS_DIR = "ei_biofuels"
# earlier editions, for IEA's own projections (scored against what happened by the back-test)
IEA_EARLIER = {
    2024: "iea_gevo2024/IEA Global EV Data 2024.csv",
    2025: "iea_gevo2025/EVDataExplorer2025.csv",
}


def derive_all(reference: Path, out: Path = DEFAULT_DATA_DIR) -> dict[str, int]:
    table, edition = iea.read_release(reference / IEA_EV_FILE)
    tables = {
        "ev_sales": iea.build_ev_sales(table, f"iea-gevo-{edition}"),
        "ev_outlook_iea": iea.build_ev_outlook(table, f"iea-gevo-{edition}"),
        "car_prices_iea": iea_series.build_car_prices(table, f"iea-gevo-{edition}"),
        "ev_modes_iea": iea_series.build_ev_modes(table, f"iea-gevo-{edition}"),
        "ev_charging_iea": iea_series.build_charging(table, f"iea-gevo-{edition}"),
        "ev_energy_iea": iea_series.build_ev_energy(table, f"iea-gevo-{edition}"),
        "vehicle_market": oica.build_vehicle_market(reference / "oica", "oica"),
        "mineral_supply": minerals.build_mineral_supply(
            reference / "iea_critical_minerals/CriticalMinerals_CountryLevel.csv",
            "iea-critical-minerals",
        ),
        "mineral_shares": minerals.build_mineral_shares(
            reference / "owid_minerals", "owid-usgs-minerals"
        ),
        "ev_projections_iea": iea.build_ev_projections(
            {e: iea.read_release(reference / f)[0] for e, f in IEA_EARLIER.items()},
            {e: f"iea-gevo-{e}" for e in IEA_EARLIER},
        ),
        "fx_rates": fx.build_fx_rates(reference / "fx_jpy_usd/EXJPUS.csv", "fred-exjpus"),
        "biofuels": ei.build_biofuels(reference / EI_BIOFUELS_DIR, "ei-statistical-review-2025"),
        "grid_intensity": grid.build_grid_intensity(
            reference / "owid-carbon-intensity-electricity.csv", "owid-ember-ei-carbon-intensity"
        ),
    }
    for name, frame in tables.items():
        write_csv_atomic(frame, out / f"{name}.csv")
    return {name: len(frame) for name, frame in tables.items()}


def missing_reference(reference: Path) -> str | None:
    """A one-line reason the reference folder cannot be derived from, or None."""
    if not reference.is_dir():
        return (
            f"{reference}: no such folder; pass --reference with the shared/data/reference folder "
            "(the committed tables in data/ need no rebuild to render)"
        )
    needed = [IEA_EV_FILE, *IEA_EARLIER.values(), "oica", "fx_jpy_usd/EXJPUS.csv", EI_BIOFUELS_DIR]
    absent = [name for name in needed if not (reference / name).exists()]
    if absent:
        return (
            f"{reference}: missing {', '.join(absent)}; is this the shared/data/reference folder?"
        )
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, required=True, help="the shared/data/reference folder"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args()
    problem = missing_reference(args.reference)
    if problem:
        raise SystemExit(f"evbrief derive: {problem}")
    for name, rows in derive_all(args.reference, args.out).items():
        print(f"{name}: {rows} rows")


if __name__ == "__main__":
    main()

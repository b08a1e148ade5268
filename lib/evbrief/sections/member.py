"""The member's seat: the facts a member's own edition is written from.

Everything here is about one member (the focus): its production, exports, jobs, plants and rules, its
own targets and how far it is from them, and what each partner (Japan, China, Korea, the EU, the US)
has offered, built and withdrawn there. A regional fact is returned marked `regional`; a fact the data
do not give for the member is None, never another area's value. The notebook words it all.

Rules that pick a row, stated once here and worded in the notebook:
- the latest row: the newest full calendar year (CY); between sources for the same figure, the one
  nearer the body that counts it, by the source rank (SOURCE_RANK: the body's own release, then a
  wire or agency report of its statement, then the press, then aggregators), and only within one
  rank the row published last (`as_of`); rows marked superseded (a `superseded_by` value, or a target
  another row `supersedes`, or status "superseded") are left out;
- a target is measured only by an indicator of the same measure (a production share by production,
  a share of vehicles in use by IEA's stock share, cars in use by IEA's car stock); a target that
  counts two-wheelers or "EVs of all types" has no such indicator and gets a sentence instead.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd

from evbrief import PROJECT_ROOT
from evbrief.analysis import metrics
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.context import Context
from evbrief.document.report import Report

# the partners a member deals with, and the origin their companies carry in the plants register
PARTNERS = {
    "JPN": "japanese",
    "CHN": "chinese",
    "KOR": "korean",
    "EU27": "european",
    "USA": "american",
}
REGIONAL = (
    "SEA",
)  # a partner's instrument for Southeast Asia as a whole: shown, labelled regional
ENDED = ("closed", "closing", "cancelled")
#: plants that assemble vehicles (cars or motorcycles): the others are the supplier base
ASSEMBLY_TYPES = ("vehicle_assembly", "motorcycle_assembly")
# changes to a plant that are not closures, told by their own status word (a line merger, a pause)
CHANGED = ("consolidated", "suspended")
ASSEMBLY_RULES = ("incentive", "tariff", "local_content", "offset_obligation")
RULE_KINDS = (*ASSEMBLY_RULES, "export_ban", "regulation")
# which measures an indicator of ours can measure, in the order a target is put first
MEASURED = (
    "zev_share_of_production_pct",
    "ev_production_units",
    "ev_fleet_share_pct",
    "ev_sales_share_pct",
    "ev_stock_units",
)
NOT_CARS = ("motorcycle", "motorbike", "two-wheel", "tricycle", "all types", "urban transport")
# vehicles a passenger-car count leaves out (FTI's passenger cars exclude pickups)
NOT_PASSENGER_CARS = ("pick-up", "pickup", "truck", "bus", "commercial")


# The source rank, first to last, by the `kind` each source of member_production carries: a later,
# more distant report never overrides a report nearer the body that counts the figure.
SOURCE_RANK = ("body", "wire", "press", "aggregator")
FIGURE_KEY = ["area", "year", "period", "measure", "vehicle_scope", "powertrain"]


class UnrankedSource(ValueError):
    """A source of a ranked table has no kind of SOURCE_RANK."""


def source_rank(table: str, source_id: str) -> int:
    """The place of a source in SOURCE_RANK (0 is first), from its `kind` in datapackage.json."""
    kind = data.sources(table).get(source_id, {}).get("kind")
    if kind not in SOURCE_RANK:
        raise UnrankedSource(
            f"data/datapackage.json: source {source_id!r} of {table} has kind {kind!r}; "
            f"give it a kind, one of {', '.join(SOURCE_RANK)}"
        )
    return SOURCE_RANK.index(kind)


def ranked(rows: pd.DataFrame, table: str = "member_production") -> pd.DataFrame:
    """Rows ordered so that, per figure, the preferred one comes first: newest year, then the source
    rank, then (within a rank) the report published last. `_rank` and `_kind` say why."""
    if rows.empty:
        return rows.assign(_rank=pd.Series(dtype=int), _kind=pd.Series(dtype=str))
    rank = rows["source_id"].map(lambda sid: source_rank(table, sid))
    return rows.assign(
        _rank=rank, _kind=rank.map(lambda r: SOURCE_RANK[r]), _as_of=rows["as_of"].astype(str)
    ).sort_values(["year", "_rank", "_as_of"], ascending=[False, True, False], kind="stable")


def preferred(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per figure (FIGURE_KEY) by the source rank, and the rows it was preferred to, each with
    `_instead_of` (the source_id of the row kept for the same figure)."""
    order = ranked(rows)
    first = ~order.duplicated(FIGURE_KEY, keep="first")
    kept, other = order[first], order[~first].copy()
    winner = kept.set_index(FIGURE_KEY)["source_id"]
    other["_instead_of"] = [winner[tuple(r[k] for k in FIGURE_KEY)] for _, r in other.iterrows()]
    return kept, other


class NotAMember(ValueError):
    """A member edition asked for the region."""


def require_member(ctx: Context) -> None:
    if ctx.is_region:
        raise NotAMember(
            "member_briefing speaks for one member: set focus to a member, e.g. Thailand or IDN "
            "(the regional paper is the briefing notebook)"
        )


def current(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows still in force: those without a `superseded_by` (where the table has the column)."""
    if "superseded_by" in frame.columns:
        frame = frame[frame["superseded_by"].isna() | (frame["superseded_by"].astype(str) == "")]
    return frame


def _ids(row) -> list[str]:
    return str(row["source_id"]).split(";")


# --- production, exports, domestic sales (member_production) --------------------------------------


def production_rows(area: str) -> pd.DataFrame:
    mp = current(data.load("member_production"))
    return mp[mp["area"] == area].copy()


def latest_figure(
    area: str,
    measure: str,
    *,
    vehicle_scope: str = "all_vehicles",
    powertrain: str = "total",
    full_year: bool = True,
    before: int | None = None,
) -> pd.Series | None:
    """The newest figure of a measure for the member: the newest year (a full year unless
    full_year is False), and between sources the first by the source rank (see `ranked`)."""
    rows = production_rows(area)
    rows = rows[
        (rows["measure"] == measure)
        & (rows["vehicle_scope"] == vehicle_scope)
        & (rows["powertrain"] == powertrain)
    ]
    if full_year:
        rows = rows[rows["period"] == "CY"]
    if before is not None:
        rows = rows[rows["year"] < before]
    if rows.empty:
        return None
    kept, _ = preferred(rows)
    # one figure per period by the source rank; then the newest year and, within it, the longest period
    kept = kept.assign(_months=kept["period"].map(_months))
    return kept.sort_values(["year", "_months"], ascending=False, kind="stable").iloc[0]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _months(period: str) -> int:
    """How many months a period of member_production covers (CY 12, H1 6, Jan-Aug 8, Q2 3, May 1)."""
    if period in ("CY", "FY"):
        return 12
    if period in ("H1", "H2"):
        return 6
    if period.startswith("Q"):
        return 3
    if period.startswith("Jan-"):
        return _MONTHS.index(period[4:]) + 1
    return 1


def production_claim(rep: Report, row: pd.Series):
    return rep.claims.claim(
        "member_production",
        int(row["units"]),
        "vehicles",
        "member_production",
        area=row["area"],
        year=int(row["year"]),
        period=row["period"],
        measure=row["measure"],
        vehicle_scope=row["vehicle_scope"],
        powertrain=row["powertrain"],
        source_id=row["source_id"],
    )


def period_label(row: pd.Series) -> str:
    from evbrief.sections.competition import when

    return when(row)


MINERAL_LEVERAGE = 5.0  # % of world mine output from which a member's mineral is leverage on page 1


def mineral_leverage(rep: Report, area: str) -> list[Facts]:
    """The battery minerals of which we mine at least MINERAL_LEVERAGE % of the world's output, in
    USGS's latest year, largest share first: what partners need from us, beside what we build."""
    from evbrief.sections import supply

    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    out = []
    for mineral in sorted(mu["mineral"].unique()):
        shares = metrics.mineral_shares(mu, mineral, "mine_production", year)
        if metrics.group_share(shares, [area]) >= MINERAL_LEVERAGE:
            out.append(
                Facts(
                    mineral=language.t(mineral.replace("_", " ")),
                    share=supply.mineral_share_claim(rep, mu, mineral, [area], year),
                    year=year,
                    cite=rep.source("minerals_usgs"),
                )
            )
    return sorted(out, key=lambda m: -m.share.value)


def interests_facts(rep: Report, ctx: Context) -> Facts:
    """What we build, ship and employ, and the plants we host: each None where nothing is published."""
    area = ctx.focus
    f = Facts(member=ctx.focus_name)
    ids: set[str] = set()
    for key, measure in (
        ("production", "production"),
        ("exports", "exports"),
        ("home_sales", "domestic_sales"),
    ):
        row = latest_figure(area, measure)
        f[key] = production_claim(rep, row) if row is not None else None
        f[f"{key}_year"] = int(row["year"]) if row is not None else None
        f[f"{key}_cbu"] = row is not None and str(row["export_form"]) == "CBU"
        if row is not None:
            ids.add(row["source_id"])
            earlier = latest_figure(area, measure, before=int(row["year"]))
            f[f"{key}_before"] = production_claim(rep, earlier) if earlier is not None else None
            f[f"{key}_before_year"] = int(earlier["year"]) if earlier is not None else None
            if earlier is not None:
                ids.add(earlier["source_id"])
        # a part of a newer year than the newest full year, said with its period
        part = latest_figure(area, measure, full_year=False)
        newer = (
            part is not None
            and part["period"] != "CY"
            and (row is None or part["year"] > row["year"])
        )
        f[f"{key}_part"] = production_claim(rep, part) if newer else None
        f[f"{key}_part_when"] = period_label(part) if newer else None
        if newer:
            ids.add(part["source_id"])
    bev = latest_figure(area, "production", vehicle_scope="passenger_cars", powertrain="BEV")
    f["bev"] = production_claim(rep, bev) if bev is not None else None
    f["bev_year"] = int(bev["year"]) if bev is not None else None
    if bev is not None:
        ids.add(bev["source_id"])
    f["cite"] = rep.source(("member_production", sorted(ids))) if ids else None
    f["minerals"] = mineral_leverage(rep, area)
    f["set_aside"] = set_aside_facts(rep, area)
    # jobs: the newest count of each scope, never added across scopes
    wf = current(data.load("auto_workforce"))
    wf = wf[wf["area"] == area]
    jobs = []
    for scope, rows in wf.groupby("scope"):
        if scope.startswith("at_risk"):
            continue
        row = rows.sort_values("year").iloc[-1]
        jobs.append(
            Facts(
                workers=rep.claims.claim(
                    "auto_workforce",
                    row["workers"],
                    "workers",
                    "auto_workforce",
                    area=area,
                    year=int(row["year"]),
                    scope=scope,
                    source_id=row["source_id"],
                ),
                year=int(row["year"]),
                scope=language.t(scope.replace("_", " ")),
            )
        )
    f["jobs"] = sorted(jobs, key=lambda j: -j.year)
    f["jobs_cite"] = rep.source(("auto_workforce", sorted(set(wf["source_id"])))) if jobs else None
    # plants we host: capacity on record by origin, and what closed or is closing
    plants = current(data.load("plants"))
    here = plants[plants["area"] == area]
    cap = metrics.capacity_totals(here, "vehicles_per_year")
    f["capacity"] = (
        rep.claims.claim(
            "capacity_total",
            float(cap["capacity"].sum()),
            "vehicles per year",
            "plants",
            areas=[area],
        )
        if not cap.empty
        else None
    )
    f["capacity_origins"] = [
        Facts(
            origin=language.t(o.capitalize()),
            capacity=rep.claims.claim(
                "capacity_sum", float(c), "vehicles per year", "plants", areas=[area], origin=o
            ),
        )
        for o, c in cap.groupby("origin")["capacity"].sum().sort_values(ascending=False).items()
    ]
    ended = here[here["status"].isin(ENDED) & (here["capacity_unit"] == "vehicles_per_year")]
    f["closed"] = [
        Facts(
            company=r["company"],
            origin=language.t(r["origin"].capitalize()),
            status=language.t(r["status"]),
            year=int(r["status_as_of"]) if pd.notna(r["status_as_of"]) else None,
            capacity=rep.claims.claim(
                "plant_capacity",
                float(r["capacity"]),
                "vehicles per year",
                "plants",
                id=r["plant_id"],
                area=area,
            ),
        )
        for _, r in ended.sort_values("status_as_of").iterrows()
        if pd.notna(r["capacity"])
    ]
    # changes that are not closures, in the register's own status words (issue 25)
    changed = here[here["status"].isin(CHANGED) & (here["plant_type"] == "vehicle_assembly")]
    f["changed"] = [
        Facts(
            company=r["company"],
            origin=language.t(r["origin"].capitalize()),
            status=language.t(r["status"]),
            year=int(r["status_as_of"]) if pd.notna(r["status_as_of"]) else None,
        )
        for _, r in changed.sort_values("status_as_of").iterrows()
    ]
    suppliers = here[here["status"].isin(metrics.ACTIVE) & ~here["plant_type"].isin(ASSEMBLY_TYPES)]
    f["suppliers"] = rep.claims.claim(
        "supplier_plants", len(suppliers), "count", "plants", areas=[area]
    )
    f["suppliers_kinds"] = language.join(
        sorted({language.t(k.replace("_", " ")) for k in suppliers["plant_type"]})
    )
    f["plants_cite"] = rep.source(
        ("plants", sorted({i for _, r in here.iterrows() for i in _ids(r)}))
    )
    return f


def set_aside_facts(rep: Report, area: str) -> list[Facts]:
    """Each figure two sources give differently: the value quoted (first by the source rank) and the
    one set aside, each with its publisher and kind, so the sentence can say which is which."""
    rows = production_rows(area)
    kept, other = preferred(rows)
    sources = data.sources("member_production")
    out = []
    for _, o in other.iterrows():
        k = kept[kept["source_id"] == o["_instead_of"]]
        k = k[(k[FIGURE_KEY[1:]] == o[FIGURE_KEY[1:]]).all(axis=1)].iloc[0]
        if int(k["units"]) == int(o["units"]):
            continue  # the same figure twice: nothing to choose
        out.append(
            Facts(
                measure=language.t(o["measure"].replace("_", " ")),
                when=period_label(o),
                kept=production_claim(rep, k),
                kept_by=sources[k["source_id"]]["publisher"],
                kept_kind=k["_kind"],
                kept_date=language.date(str(k["as_of"])),
                other=production_claim(rep, o),
                other_by=sources[o["source_id"]]["publisher"],
                other_kind=o["_kind"],
                other_date=language.date(str(o["as_of"])),
                later=str(o["as_of"]) > str(k["as_of"]),
                cite=rep.source(("member_production", [k["source_id"], o["source_id"]])),
            )
        )
    return out


def without_parts_of_full_years(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows less a part of a year (January–November) whose whole year of the same figure is
    published: the full year replaces it (the latest-period rule), it is not a second figure."""
    key = ["year", "measure", "vehicle_scope", "powertrain", "export_form"]
    whole = set(map(tuple, rows.loc[rows["period"] == "CY", key].astype(str).values))
    covered = rows[key].astype(str).apply(tuple, axis=1).isin(whole)
    return rows[(rows["period"] == "CY") | ~covered]


def interests_table(rep: Report, ctx: Context, *, caption: str) -> bool:
    """Every production, export and domestic-sales figure published for the member, newest first;
    where two sources give one figure, the one the source rank prefers (see `set_aside_facts`)."""
    rows, _ = preferred(production_rows(ctx.focus))
    if rows.empty:
        return False
    rows = without_parts_of_full_years(rows)
    rows = rows.sort_values(
        ["measure", "year", "vehicle_scope", "powertrain"], ascending=[True, False, True, False]
    )
    t = language.t
    table = pd.DataFrame(
        {
            t("Measure"): [
                t(r["measure"].replace("_", " ").capitalize())
                + (f" ({t('built-up')})" if str(r["export_form"]) == "CBU" else "")
                for _, r in rows.iterrows()
            ],
            t("Period"): [period_label(r) for _, r in rows.iterrows()],
            t("Vehicles"): rows["vehicle_scope"].map(lambda s: t(s.replace("_", " "))),
            t("Powertrain"): rows["powertrain"].map(lambda p: t("all") if p == "total" else p),
            t("Units"): rows["units"].astype("int64"),
            t("Whose count"): rows["data_body"],
        }
    )
    rep.table(table, caption=caption, table=("member_production"), compact=True)
    return True


# --- our targets (member_targets) -----------------------------------------------------------------


def targets(area: str) -> pd.DataFrame:
    """The member's targets still standing: not superseded by a later row."""
    mt = current(data.load("member_targets"))
    replaced = set(mt["supersedes"].dropna())
    mt = mt[(mt["area"] == area) & (mt["status"] != "superseded") & ~mt["target_id"].isin(replaced)]
    return mt.copy()


def _ev(area: str) -> pd.Series | None:
    ev = data.load("ev_sales")
    rows = ev[(ev["area"] == area) & (ev["powertrain"] == "EV") & ev["sales_share_pct"].notna()]
    return rows.sort_values("year").iloc[-1] if not rows.empty else None


def measure_now(rep: Report, target: pd.Series) -> Facts | None:
    """Our indicator for the same measure as the target, as a claim, with the gap to the target; None
    where no indicator measures what the target measures."""
    area, measure = target["area"], target["measure"]
    scope = f"{target['target']} {target['scope']}".lower()
    claim = rep.claims.claim
    if pd.isna(target["value"]):
        return None
    found = None
    if measure == "zev_share_of_production_pct":
        # zero-emission vehicles of every type as a share of everything built: only a count of
        # battery-electric vehicles of all types measures it, never passenger cars alone (issue 22)
        bev = latest_figure(area, "production", vehicle_scope="all_vehicles", powertrain="BEV")
        if bev is not None:
            total = production_rows(area)
            total = total[
                (total["measure"] == "production")
                & (total["year"] == bev["year"])
                & (total["period"] == "CY")
                & (total["vehicle_scope"] == "all_vehicles")
                & (total["powertrain"] == "total")
            ]
            if not total.empty:
                whole = ranked(total).iloc[0]
                detail = dict(
                    area=area,
                    year=int(bev["year"]),
                    part_scope="all_vehicles",
                    part_source=bev["source_id"],
                    whole_source=whole["source_id"],
                )
                value = float(bev["units"]) / float(whole["units"]) * 100
                found = (
                    "production_share",
                    value,
                    "percent",
                    detail,
                    "basis_production_share",
                    int(bev["year"]),
                    [("member_production", [bev["source_id"], whole["source_id"]])],
                )
    elif measure == "ev_production_units":
        bev = latest_figure(area, "production", vehicle_scope="passenger_cars", powertrain="BEV")
        if bev is not None and not any(w in scope for w in (*NOT_CARS, *NOT_PASSENGER_CARS)):
            detail = dict(
                area=area,
                year=int(bev["year"]),
                period="CY",
                measure="production",
                vehicle_scope="passenger_cars",
                powertrain="BEV",
                source_id=bev["source_id"],
            )
            found = (
                "member_production",
                float(bev["units"]),
                "vehicles",
                detail,
                "basis_bev_production",
                int(bev["year"]),
                [("member_production", [bev["source_id"]])],
            )
    elif measure in ("ev_fleet_share_pct", "ev_sales_share_pct", "ev_stock_units"):
        cars_only = "car" in scope and not any(w in scope for w in NOT_CARS)
        ev = _ev(area)
        if ev is not None and (measure == "ev_sales_share_pct" or cars_only):
            column, kind, unit, basis = {
                "ev_fleet_share_pct": (
                    "stock_share_pct",
                    "ev_stock_share",
                    "percent",
                    "basis_stock_share",
                ),
                "ev_sales_share_pct": (
                    "sales_share_pct",
                    "ev_share",
                    "percent",
                    "basis_sales_share",
                ),
                "ev_stock_units": ("stock", "ev_stock", "vehicles", "basis_stock"),
            }[measure]
            if pd.notna(ev[column]):
                detail = dict(area=area, year=int(ev["year"]))
                found = (
                    kind,
                    float(ev[column]),
                    unit,
                    detail,
                    basis,
                    int(ev["year"]),
                    [("ev_sales", None)],
                )
    if found is None:
        return None
    kind, value, unit, detail, basis, year, cites = found
    now = claim(kind, value, unit, found_dataset(kind), **detail)
    target_value = float(target["value"])
    gap = claim(
        "target_gap",
        target_value - value,
        "percentage points" if unit == "percent" else unit,
        "member_targets",
        id=target["target_id"],
        indicator=kind,
        **detail,
    )
    return Facts(
        now=now,
        year=year,
        gap=gap,
        reached=value >= target_value,
        basis=basis,
        cite=rep.source(*[c if c[1] else c[0] for c in cites]),
    )


def production_floor(rep: Report, target: pd.Series) -> Facts | None:
    """A floor under a share-of-production target that no count of its own measures: the battery-
    electric passenger cars built, as a share of every vehicle built in the same year. It is not the
    target's measure (pick-ups and other zero-emission vehicles are missing), so it gives no gap;
    the prose calls it a floor. None for other targets or where the counts are not published."""
    if target["measure"] != "zev_share_of_production_pct":
        return None
    area = target["area"]
    bev = latest_figure(area, "production", vehicle_scope="passenger_cars", powertrain="BEV")
    if bev is None:
        return None
    total = production_rows(area)
    total = total[
        (total["measure"] == "production")
        & (total["year"] == bev["year"])
        & (total["period"] == "CY")
        & (total["vehicle_scope"] == "all_vehicles")
        & (total["powertrain"] == "total")
    ]
    if total.empty:
        return None
    whole = ranked(total).iloc[0]
    value = float(bev["units"]) / float(whole["units"]) * 100
    return Facts(
        now=rep.claims.claim(
            "production_share",
            value,
            "percent",
            "member_production",
            area=area,
            year=int(bev["year"]),
            part_scope="passenger_cars",
            part_source=bev["source_id"],
            whole_source=whole["source_id"],
        ),
        part=rep.claims.claim(
            "member_production",
            float(bev["units"]),
            "vehicles",
            "member_production",
            area=area,
            year=int(bev["year"]),
            period="CY",
            measure="production",
            vehicle_scope="passenger_cars",
            powertrain="BEV",
            source_id=bev["source_id"],
        ),
        year=int(bev["year"]),
        cite=rep.source(("member_production", [bev["source_id"], whole["source_id"]])),
    )


def found_dataset(kind: str) -> str:
    return "ev_sales" if kind.startswith("ev_") else "member_production"


def target_claim(rep: Report, row: pd.Series):
    unit = {"percent": "percent", "vehicles": "vehicles", "chargers": "units", "stations": "units"}
    return rep.claims.claim(
        "member_target",
        float(row["value"]),
        unit.get(row["unit"], "units"),
        "member_targets",
        id=row["target_id"],
        area=row["area"],
    )


def targets_facts(rep: Report, ctx: Context) -> list[Facts]:
    """Our targets still standing, those an indicator measures first (in the order of MEASURED), then
    the rest; each with its value as a claim, and `now` and `gap` where measured (else None)."""
    rows = targets(ctx.focus)
    rows = rows[rows["value"].notna()]
    order = {m: i for i, m in enumerate(MEASURED)}
    rows = rows.assign(
        _order=rows["measure"].map(lambda m: order.get(m, len(order))),
        _status=rows["status"].map({"adopted": 0, "announced": 1, "proposed": 2}).fillna(3),
    ).sort_values(["_order", "_status", "target_year"])
    out = []
    for _, row in rows.iterrows():
        m = measure_now(rep, row)
        out.append(
            Facts(
                id=row["target_id"],
                target=row["target"],
                measure=row["measure"],
                value=target_claim(rep, row),
                year=int(row["target_year"]),
                status=row["status"],
                issuer=row["issuer"],
                instrument=row["instrument"] if pd.notna(row["instrument"]) else None,
                scope=row["scope"],
                passed=int(row["target_year"]) < edition_year(rep),
                measured=m,
                floor=production_floor(rep, row) if m is None else None,
                cite=rep.source(("member_targets", _ids(row))),
            )
        )
    # measured targets first, keeping the measure order within each group
    return sorted(out, key=lambda f: f.measured is None)


def edition_year(rep: Report) -> int:
    import datetime as dt

    label = str(rep.parameters.get("edition") or "")
    return int(label[:4]) if label[:4].isdigit() else dt.date.today().year


def targets_table(rep: Report, ctx: Context, items: list[Facts], *, caption: str) -> None:
    t = language.t
    table = pd.DataFrame(
        {
            t("Target"): [f.target for f in items],
            t("Target year"): [f.year for f in items],
            t("Status"): [t(f.status) for f in items],
            t("Now"): [
                f"{f.measured.now.display} ({f.measured.year})"
                if f.measured
                else t("at least {now} ({year})").format(now=f.floor.now.display, year=f.floor.year)
                if f.floor
                else t("a rule's minimum; no measured value found")
                if f.measure == "local_content_pct"
                else t("not measured")
                for f in items
            ],
            t("To go"): [
                (t("reached") if f.measured.reached else f.measured.gap.display)
                if f.measured
                else "–"
                for f in items
            ],
        }
    )
    rep.table(
        table,
        caption=caption,
        table=["member_targets", "member_production", "ev_sales"],
        compact=True,
    )


# --- partners: offered, built, withdrawn ----------------------------------------------------------


def _names_member(text: str, area: str) -> bool:
    """Whether a title places its pledge in the member: a caveat that the source does not ("(the
    source does not say the R&D is spent in Thailand)") is not a mention."""
    placed = re.sub(r"\(the source does not say[^)]*\)", "", str(text), flags=re.I)
    return countries.english_name(area).lower() in placed.lower()  # the data's titles are English


def partner_record(area: str) -> pd.DataFrame:
    """Each partner's dated record in the member: instruments offered (partners; commitments whose
    title names the member), plants built, being built or announced, and plants or projects ended.
    Regional instruments (for Southeast Asia as a whole) are included and marked regional."""
    rows = []
    pa = current(data.load("partners"))
    for _, r in pa[
        pa["partner"].isin(list(PARTNERS)) & pa["target_area"].isin([area, *REGIONAL])
    ].iterrows():
        withdrawn = "withdr" in str(r["instrument"]).lower()
        rows.append(
            dict(
                partner=r["partner"],
                what=r["instrument"],
                text=f"{r['instrument']} {r['targets']}",
                record="withdrawn" if withdrawn else "offered",
                kind=r["instrument_type"],
                date=str(int(r["year"])) if pd.notna(r["year"]) else "",
                amount=f"{r['currency']} {r['amount']:,.0f}" if pd.notna(r["amount"]) else "",
                regional=r["target_area"] != area,
                table="partners",
                ids=_ids(r),
                key=r["partner_id"],
                amount_value=float(r["amount"]) if pd.notna(r["amount"]) else None,
                currency=r["currency"],
            )
        )
    cm = current(data.load("commitments"))
    origin_partner = {"JPN": "JPN", "CHN": "CHN", "KOR": "KOR"}
    seen = {(x["partner"], x["amount_value"]) for x in rows}
    plants = current(data.load("plants"))
    by_origin = {v: k for k, v in PARTNERS.items()}
    for _, r in cm[cm["actor_origin"].isin(list(origin_partner))].iterrows():
        if r["measure"] != "investment" or not _names_member(r["title"], area):
            continue
        if (r["actor_origin"], float(r["amount"])) in seen:  # the same pledge as a partners row
            continue
        if register_plant(r, plants[plants["area"] == area]) is not None:
            continue  # one plant, one value: the register's row speaks for it
        rows.append(
            dict(
                partner=r["actor_origin"],
                what=r["title"],
                text=r["title"],
                record="offered",
                kind=r["measure"],
                date=str(r["announced_date"])[:10] if pd.notna(r["announced_date"]) else "",
                amount=f"{r['currency']} {r['amount']:,.0f}",
                regional=False,
                table="commitments",
                ids=_ids(r),
                key=r["commitment_id"],
                amount_value=float(r["amount"]),
                currency=r["currency"],
            )
        )
    for _, p in plants[
        (plants["area"] == area) & plants["origin"].isin(list(by_origin))
    ].iterrows():
        status = p["status"]
        record = {
            "operating": "built",
            "under_construction": "building",
            "announced": "announced",
        }.get(status, "withdrawn" if status == "cancelled" else status)
        year = (
            p["start_year"]
            if status == "operating" and pd.notna(p["start_year"])
            else p["status_as_of"]
        )
        if record in ("building", "announced") and pd.notna(p["announced_year"]):
            year = p["announced_year"]
        cap = (
            f"{p['capacity']:,g} {p['capacity_unit'].replace('_', ' ')}"
            if pd.notna(p["capacity"])
            else ""
        )
        rows.append(
            dict(
                partner=by_origin[p["origin"]],
                what=f"{p['company']}: {p['plant_type'].replace('_', ' ')}"
                + (f", {cap}" if cap else ""),
                text=p["company"],
                record=record,
                kind=p["plant_type"],
                date=str(int(year)) if pd.notna(year) else "",
                amount=(
                    f"{p['investment_currency']} {p['investment']:,.0f}"
                    if pd.notna(p["investment"])
                    else ""
                ),
                regional=False,
                table="plants",
                ids=_ids(p),
                key=p["plant_id"],
                amount_value=None,
                currency=None,
            )
        )
    rows += stake_rows(area, plants)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["partner", "regional", "date"], ascending=[True, True, False])


def stake_rows(area: str, plants: pd.DataFrame) -> list[dict]:
    """A partner's minority stakes in plants here that another origin controls (plant_owners), as
    record rows `stake`: a partner with a stake is not absent, nor is it the plant's owner."""
    owners = data.load("plant_owners")
    here = plants[plants["area"] == area].set_index("plant_id")
    out = []
    for _, o in owners[owners["plant_id"].isin(here.index)].iterrows():
        partner = o["owner_origin"]
        if partner not in PARTNERS or here.loc[o["plant_id"], "origin"] == PARTNERS[partner]:
            continue
        plant = here.loc[o["plant_id"]]
        stake = f"{o['stake_pct']:g}%" if pd.notna(o["stake_pct"]) else "a stake (share not found)"
        out.append(
            dict(
                partner=partner,
                what=f"{o['owner']}: {stake} of {plant['company']} "
                f"({plant['plant_type'].replace('_', ' ')}, controlled by "
                f"{plant['origin']} owners)",
                text=o["owner"],
                record="stake",
                kind=plant["plant_type"],
                date=str(o["as_of"])[:4] if pd.notna(o["as_of"]) else "",
                amount="",
                regional=False,
                table="plant_owners",
                ids=str(o["source_id"]).split(";"),
                key=f"{o['plant_id']}:{o['owner']}",
                amount_value=None,
                currency=None,
            )
        )
    return out


def register_plant(commitment: pd.Series, plants: pd.DataFrame) -> str | None:
    """The plant of the register a commitment is for, if any: a plant of the same origin whose
    company names the commitment's actor (its first word: CATL, BYD) and one of whose place names
    (the parts of its location, without "province": "Rayong province (industrial estate)" names
    Rayong) the commitment's title names. One plant, one value (issue 22)."""
    origin = PARTNERS.get(commitment["actor_origin"])
    actor = str(commitment["actor"]).split()[0].strip("(),").lower()
    title = str(commitment["title"]).lower()
    for _, p in plants[plants["origin"] == origin].iterrows():
        places = [] if pd.isna(p["location"]) else re.split(r"[,()]", str(p["location"]).lower())
        places = [re.sub(r"\b(province|district|city)\b", "", w).strip() for w in places]
        named = any(len(w) > 3 and w in title for w in places)
        if actor and actor in str(p["company"]).lower() and named:
            return p["plant_id"]
    return None


LARGER = 10  # the largest offer is said beside the newest only when ten times its size
MATERIAL_USD = 100e6  # or, beside a newest offer without an amount, when at least $100 million


def _largest_offer(rep: Report, own: pd.DataFrame, newest: str | None) -> Facts | None:
    """A partner's largest dated offer in the member, in dollars at the average rate of its year,
    where it is not the newest one already said: a small new credit line must not stand alone for
    a pledge a hundred times its size. None where no other offer has an amount that converts."""
    from evbrief.sections import funding

    fx, fx_wb = data.load("fx_rates"), data.load("fx_worldbank")

    def usd(o) -> float:
        if o["amount_value"] is None or pd.isna(o["amount_value"]) or not o["date"]:
            return 0.0
        if o["currency"] == "USD":
            return float(o["amount_value"])
        money = funding.in_usd_and_jpy(
            float(o["amount_value"]), o["currency"], int(o["date"][:4]), fx, fx_wb
        )
        return money["usd"] if money else 0.0

    if own.empty:
        return None
    sized = own.assign(_usd=[usd(o) for _, o in own.iterrows()])
    best = sized.sort_values("_usd").iloc[-1]
    said = sized[sized["what"] == newest]["_usd"].max() if newest is not None else 0.0
    if best["what"] == newest or best["_usd"] < LARGER * (
        said if said > 0 else MATERIAL_USD / LARGER
    ):
        return None
    return Facts(
        offer=best["what"],
        offer_date=language.date(best["date"]),
        offer_record=language.t(best["record"]),
        offer_cite=rep.source((best["table"], best["ids"])),
    )


def partners_facts(rep: Report, ctx: Context) -> list[Facts]:
    """Per partner, in the order of PARTNERS: its newest offer in the member (else its newest regional
    offer, marked), how many plants it has built, is building or announced, and what it withdrew or
    closed. `offer` is None where the record holds nothing for the partner."""
    record = partner_record(ctx.focus)
    out = []
    for partner in PARTNERS:
        rows = record[record["partner"] == partner] if not record.empty else record
        f = Facts(partner=partner, name=countries.name(partner), offer=None)
        if rows.empty:
            out.append(f)
            continue
        offers = rows[rows["record"].isin(["offered", "announced", "building", "built"])]
        dated = offers[offers["date"] != ""]
        own = dated[~dated["regional"]]
        # an offer first (offered, announced, being built), a plant already built only where the
        # partner offers nothing newer here; a regional offer only where it has nothing here
        fresh = own[own["record"] != "built"]
        pick = fresh if not fresh.empty else own if not own.empty else dated
        if not pick.empty:
            o = pick.sort_values("date").iloc[-1]
            f.update(
                offer=o["what"],
                offer_date=language.date(o["date"]),
                regional=bool(o["regional"]),
                offer_record=language.t(o["record"]),
                offer_cite=rep.source((o["table"], o["ids"])),
            )
        f["largest"] = _largest_offer(rep, own, f.get("offer"))
        built = rows[rows["record"] == "built"]
        f["built"] = rep.claims.claim(
            "plants_built",
            len(built),
            "count",
            "plants",
            areas=[ctx.focus],
            origin=PARTNERS[partner],
        )
        stakes = rows[rows["record"] == "stake"]
        f["stakes"] = [
            Facts(what=r["what"], date=r["date"], cite=rep.source((r["table"], r["ids"])))
            for _, r in stakes.iterrows()
        ]
        changed = rows[rows["record"].isin(CHANGED)]
        f["changed"] = [
            Facts(
                what=r["what"],
                record=language.t(r["record"]),
                date=language.date(r["date"]),
                cite=rep.source((r["table"], r["ids"])),
            )
            for _, r in changed.sort_values("date").iterrows()
        ]
        ended = rows[rows["record"].isin(["withdrawn", "closed", "closing"])]
        f["ended"] = [
            Facts(
                what=r["what"],
                record=language.t(r["record"]),
                date=language.date(r["date"]),
                cite=rep.source((r["table"], r["ids"])),
            )
            for _, r in ended.sort_values("date").iterrows()
        ]
        f["cite"] = rep.source(
            *[
                (tbl, sorted({i for ids in g["ids"] for i in ids}))
                for tbl, g in rows.groupby("table")
            ]
        )
        out.append(f)
    return out


def partners_table(rep: Report, ctx: Context, *, caption: str, per_partner: int = 5) -> None:
    """The record by partner: the member's own rows first, then regional ones (labelled), newest first."""
    record = partner_record(ctx.focus)
    t = language.t
    record = record.groupby("partner", group_keys=False).head(per_partner)
    order = {p: i for i, p in enumerate(PARTNERS)}
    record = record.assign(_o=record["partner"].map(order)).sort_values(
        ["_o", "regional", "date"], ascending=[True, True, False]
    )
    table = pd.DataFrame(
        {
            t("Partner"): record["partner"].map(countries.name),
            t("Record"): record["record"].map(t),
            t("What"): record["what"].map(language.shorten),
            t("Date"): record["date"].map(language.date),
            t("As published"): record["amount"].replace("", "–"),
            t("Where"): [
                t("regional") if r else countries.name(ctx.focus) for r in record["regional"]
            ],
        }
    )
    rep.table(table, caption=caption, table=sorted(set(record["table"])), compact=True)


# --- the rules we set and what they produced ------------------------------------------------------


def rules(area: str) -> pd.DataFrame:
    po = current(data.load("policies"))
    rows = po[(po["area"] == area) & po["policy_type"].isin(RULE_KINDS)].copy()
    rows["sort"] = rows["date"].astype(str).str[:10].replace({"<NA>": "", "nan": ""})
    return rows.sort_values("sort", ascending=False)


def rules_table(rep: Report, ctx: Context, *, caption: str, limit: int = 10) -> bool:
    rows = rules(ctx.focus).head(limit)
    if rows.empty:
        return False
    t = language.t
    table = pd.DataFrame(
        {
            t("Date"): rows["date"].map(language.date),
            t("Kind"): rows["policy_type"].map(lambda v: t(v.replace("_", " "))),
            t("Rule"): rows["title"],
        }
    )
    rep.table(table, caption=caption, table="policies", compact=True)
    return True


def rules_facts(rep: Report, ctx: Context) -> Facts:
    """What our rules produced, on the record: the plants that started since our first dated rule of
    each family (assembly rules: vehicle plants; an ore export ban: battery-material plants)."""
    area = ctx.focus
    r = rules(area)
    plants = current(data.load("plants"))
    f = Facts(member=ctx.focus_name, assembly=None, processing=None, cite=None)
    ids: set[str] = set()
    for key, kinds, plant_type in (
        ("assembly", ASSEMBLY_RULES, "vehicle_assembly"),
        ("processing", ("export_ban",), "battery_materials"),
    ):
        dated = r[r["policy_type"].isin(kinds) & (r["sort"] != "")]
        if dated.empty:
            continue
        first = dated.sort_values("sort").iloc[0]
        since = int(first["sort"][:4])
        started = plants[
            (plants["area"] == area)
            & (plants["plant_type"] == plant_type)
            & plants["status"].isin(metrics.ACTIVE)
            & (plants["start_year"] >= since)
        ]
        ids |= set(_ids(first))
        f[key] = Facts(
            rule=first["title"],
            date=language.date(first["date"]),
            since=since,
            plants=rep.claims.claim(
                "plants_started",
                len(started),
                "count",
                "plants",
                areas=[area],
                plant_type=plant_type,
                since=since,
                origin="all",
            ),
            chinese=rep.claims.claim(
                "plants_started",
                int((started["origin"] == "chinese").sum()),
                "count",
                "plants",
                areas=[area],
                plant_type=plant_type,
                since=since,
                origin="chinese",
            ),
            japanese=rep.claims.claim(
                "plants_started",
                int((started["origin"] == "japanese").sum()),
                "count",
                "plants",
                areas=[area],
                plant_type=plant_type,
                since=since,
                origin="japanese",
            ),
        )
    f["cite"] = rep.source(("policies", sorted(ids)), "plants") if ids else None
    return f


# --- asks: what Japan asks of us, what we ask of each partner -------------------------------------


def japan_asks(rep: Report, ctx: Context) -> list[Facts]:
    """What Japan asks of us, from the record: that incentives count hybrids, where a source publishes
    the member's hybrid and plug-in shares and Japanese makers' hold on hybrids; and that we take part
    in the joint strategy that Japan convenes (the latest dated Japan–ASEAN step, a regional fact)."""
    from evbrief.sections import pathways, strategy

    out = []
    pt = pathways.powertrain_facts(rep, ctx.focus)
    if pt.electrified is not None and pt.plug_in is not None:
        # whose count, of what and when: a national count beside the IEA's names its own scope
        found = pathways.latest_share(ctx.focus, "plug_in")
        # the body whose count it is, where the source names one of the member's national bodies
        source = data.sources("powertrain_sales").get(found["source_id"], {})
        said = " ".join(str(source.get(k, "")) for k in ("publisher", "title", "note"))
        bodies = sorted(set(production_rows(ctx.focus)["data_body"]))
        by = next((b for b in bodies if b in said), source.get("publisher", ""))
        out.append(
            Facts(
                key="hybrids",
                plug_in_scope=language.t(pathways.SCOPES.get(found["scope"], found["scope"])),
                plug_in_measure=language.t(found["measure"]),
                plug_in_by=by,
                **pt,
            )
        )
    tl = strategy.timeline_facts(rep)
    out.append(Facts(key="strategy", **tl))
    return out


ASKS_FILE = PROJECT_ROOT / "asks.toml"


def ask_rules(path: Path | None = None) -> list[dict]:
    """The rules of asks.toml, each checked to name a test of ASK_TESTS (one line if not)."""
    file = Path(path or ASKS_FILE)
    try:
        rules_ = tomllib.loads(file.read_text(encoding="utf-8"))["rule"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(
            f"{file.name}: cannot read its [[rule]] tables ({exc}); see its header"
        ) from None
    for r in rules_:
        missing = [k for k in ("id", "test", "ask", "rule") if k not in r]
        if missing or r["test"] not in ASK_TESTS:
            raise ValueError(
                f"{file.name}: rule {r.get('id', '?')!r} "
                + (
                    f"lacks {', '.join(missing)}"
                    if missing
                    else f"names no known test {r['test']!r}"
                )
                + f"; tests: {', '.join(ASK_TESTS)}"
            )
    return rules_


def _trigger(rep: Report, r: pd.Series) -> Facts:
    return Facts(
        what=r["what"],
        record=language.t(r["record"]),
        date=language.date(r["date"]),
        cite=rep.source((r["table"], r["ids"])),
    )


def _ended(rows: pd.DataFrame, rule: dict, area: str) -> pd.DataFrame:
    """Rows whose record is one of the rule's statuses (closed, closing, withdrawn)."""
    return rows[rows["record"].isin(rule["statuses"])]


def _paused(rows: pd.DataFrame, rule: dict, area: str) -> pd.DataFrame:
    """The partner's plants here whose record is one of the rule's statuses (suspended)."""
    return rows[(rows["table"] == "plants") & rows["record"].isin(rule["statuses"])]


def _plants_without_local_content(rows: pd.DataFrame, rule: dict, area: str) -> pd.DataFrame:
    """The partner's plants of the rule's types and records, where none of its rows here states a
    local-content commitment (the rule's words, or a commitment measured as local_content_pct)."""
    plants = rows[
        (rows["table"] == "plants")
        & rows["kind"].isin(rule["plant_types"])
        & rows["record"].isin(rule["statuses"])
    ]
    words = [w.lower() for w in rule["words"]]
    said = rows["text"].str.lower().map(lambda t: any(w in t for w in words))
    if said.any() or (rows["kind"] == "local_content_pct").any():
        return plants.iloc[0:0]
    return plants


def _trade_rule(rows: pd.DataFrame, rule: dict, area: str) -> pd.DataFrame:
    """The partner's newest trade rule with us (not a regional one)."""
    own = rows[~rows["regional"] & rows["kind"].isin(rule["kinds"])]
    return own.sort_values("date").tail(1)


def _pledge_without_plant(rows: pd.DataFrame, rule: dict, area: str) -> pd.DataFrame:
    """The partner's newest dated pledge here (offered, of the rule's kinds), if no plant of its
    companies here has started since the pledge's year."""
    own = rows[~rows["regional"] & (rows["record"] == "offered") & rows["kind"].isin(rule["kinds"])]
    own = own[own["date"] != ""]
    if own.empty:
        return own
    newest = own.sort_values("date").iloc[-1]
    built = rows[(rows["record"] == "built") & (rows["date"] != "")]
    if (built["date"].str[:4] >= newest["date"][:4]).any():
        return own.iloc[0:0]
    return own.sort_values("date").tail(1)


def _short(company: str) -> str:
    """A company as a sentence names it: its name before any bracket, colon or semicolon."""
    for mark in (" (", ":", ";"):
        company = company.split(mark)[0]
    return company.strip()


#: The tests asks.toml's rules name: each takes the partner's record here, the rule and the member,
#: and returns the rows that trigger the ask (empty: no ask).
ASK_TESTS = {
    "ended": _ended,
    "paused": _paused,
    "plants_without_local_content": _plants_without_local_content,
    "trade_rule": _trade_rule,
    "pledge_without_plant": _pledge_without_plant,
}


def our_asks(rep: Report, ctx: Context, record: pd.DataFrame | None = None) -> list[Facts]:
    """Our asks of each partner, by the rules of asks.toml, in the order of PARTNERS and of the
    rules: each with the rule's id (`key`), its words (`ask`, `rule`) and the facts that triggered it
    (`facts`, each with its citation)."""
    record = partner_record(ctx.focus) if record is None else record
    out = []
    if record.empty:
        return out
    for partner in PARTNERS:
        rows = record[record["partner"] == partner]
        if rows.empty:
            continue
        for rule in ask_rules():
            hit = ASK_TESTS[rule["test"]](rows, rule, ctx.focus)
            if hit.empty:
                continue
            out.append(
                Facts(
                    key=rule["id"],
                    partner=countries.name(partner),
                    ask=rule["ask"],
                    rule=rule["rule"],
                    facts=[_trigger(rep, r) for _, r in hit.sort_values("date").iterrows()],
                    names=language.join(sorted({_short(r["text"]) for _, r in hit.iterrows()})),
                    cite=rep.source(
                        *[
                            (tbl, sorted({i for ids in g["ids"] for i in ids}))
                            for tbl, g in hit.groupby("table")
                        ]
                    ),
                )
            )
    return out


# --- our nickel: mine output and who owns the processing ---------------------------------------


def nickel_facts(rep: Report, ctx: Context) -> Facts | None:
    """Our share of the world's nickel mine output (USGS, its latest year), and the battery-material
    (nickel processing) plants here by controlling origin, with the other origins holding stakes in
    them (plant_owners). None where USGS lists no nickel mine output of ours. Capacities are not
    added: the plants publish them in different products (nickel content, MHP, nickel sulphate)."""
    from evbrief.sections import supply

    area = ctx.focus
    mu = data.load("minerals_usgs")
    mine = mu[
        (mu["mineral"] == "nickel") & (mu["area"] == area) & (mu["measure"] == "mine_production")
    ]
    if mine.empty:
        return None
    year = int(mine["year"].max())
    plants = current(data.load("plants"))
    here = plants[(plants["area"] == area) & (plants["plant_type"] == "battery_materials")]
    live = here[here["status"].isin(metrics.ACTIVE)]
    origins = [
        Facts(
            origin=language.t(o.capitalize()),
            plants=supply.plants_count_claim(rep, plants, [area], o, "battery_materials"),
        )
        for o in live["origin"].value_counts().index
    ]
    owners = data.load("plant_owners")
    stakes = owners[owners["plant_id"].isin(live["plant_id"])]
    origin_of = live.set_index("plant_id")["origin"]
    minority = [
        Facts(
            owner=_short(r["owner"]),
            owner_origin=countries.name(r["owner_origin"])
            if r["owner_origin"] != "mixed"
            else "mixed",
            stake=f"{r['stake_pct']:g}%" if pd.notna(r["stake_pct"]) else None,
            plant=_short(live.set_index("plant_id").loc[r["plant_id"], "company"]),
        )
        for _, r in stakes.iterrows()
        if r["owner_origin"] in PARTNERS
        and not _same_origin(r["owner_origin"], {"origin": origin_of[r["plant_id"]], "area": area})
    ]
    ids = {i for _, r in here.iterrows() for i in _ids(r)}
    return Facts(
        member=ctx.focus_name,
        year=year,
        share=supply.mineral_share_claim(rep, mu, "nickel", [area], year),
        plants=supply.plants_count_claim(rep, plants, [area], "all", "battery_materials"),
        origins=origins,
        minority=minority,
        cite=rep.source("minerals_usgs"),
        plants_cite=rep.source(
            ("plants", sorted(ids)),
            ("plant_owners", sorted({i for s_ in stakes["source_id"] for i in str(s_).split(";")})),
        )
        if ids
        else None,
    )


def _same_origin(owner_origin: str, plant) -> bool:
    """Whether a shareholder (ISO3 of plant_owners) is of the plant's controlling origin (plants'
    word), a host-country owner being 'domestic'."""
    if owner_origin == plant["area"]:
        return plant["origin"] == "domestic"
    return PARTNERS.get(owner_origin) == plant["origin"]


def nickel_table(rep: Report, ctx: Context, *, caption: str) -> bool:
    """The battery-material plants here: who controls each, who else holds a stake, what it makes
    a year as published, and its status."""
    plants = current(data.load("plants"))
    here = plants[(plants["area"] == ctx.focus) & (plants["plant_type"] == "battery_materials")]
    if here.empty:
        return False
    owners = data.load("plant_owners")
    t = language.t

    def others(row) -> str:
        rows = owners[(owners["plant_id"] == row["plant_id"])]
        rows = rows[~rows["owner_origin"].map(lambda o: _same_origin(o, row))]
        words = [
            f"{_short(o['owner'])} ({o['owner_origin']}"
            + (f", {o['stake_pct']:g}%" if pd.notna(o["stake_pct"]) else "")
            + ")"
            for _, o in rows.iterrows()
        ]
        return "; ".join(words) or "–"

    here = here.sort_values(["status", "origin"])
    table = pd.DataFrame(
        {
            t("Plant"): here["company"],
            t("Controlled by"): here["origin"].map(lambda o: t(o.capitalize())),
            t("Other stakes on record"): [others(r) for _, r in here.iterrows()],
            t("A year, as published"): [
                f"{r['capacity']:,g} {r['capacity_unit'].replace('_per_year', '').replace('_', ' ')}"
                if pd.notna(r["capacity"])
                else "–"
                for _, r in here.iterrows()
            ],
            t("Status"): here["status"].map(lambda v: t(v.replace("_", " "))),
        }
    )
    rep.table(table, caption=caption, table=["plants", "plant_owners"], compact=True)
    return True


# --- options, measured by our own indicators ------------------------------------------------------


def options_facts(rep: Report, ctx: Context, interests: Facts, goals: list[Facts]) -> list[Facts]:
    """Options, each with one of our indicators, its value now, a threshold that measures the same
    thing and a date after the edition's: a target of ours where one is measured; else our own earlier
    level (exports), the next step of our own rule (local content), the count we hold (jobs) and the
    capacity before the closures (plants)."""
    year = edition_year(rep)
    out = []
    for g in goals:
        if g.measured is not None and not g.measured.reached and g.year > year:
            out.append(
                Facts(
                    key="target",
                    indicator=g.measured.basis,
                    now=g.measured.now,
                    now_year=g.measured.year,
                    threshold=g.value,
                    by=str(g.year),
                    target=g.target,
                    cite=g.cite,
                )
            )
            if len([o for o in out if o.key == "target"]) >= 2:
                break
    if interests.exports is not None:
        mp = production_rows(ctx.focus)
        ex = mp[
            (mp["measure"] == "exports")
            & (mp["period"] == "CY")
            & (mp["vehicle_scope"] == "all_vehicles")
        ]
        peak = ex.sort_values("units").iloc[-1]
        if int(peak["year"]) < interests.exports_year:
            out.append(
                Facts(
                    key="exports",
                    now=interests.exports,
                    now_year=interests.exports_year,
                    threshold=production_claim(rep, peak),
                    threshold_year=int(peak["year"]),
                    by=str(year + 1),
                    cite=rep.source(("member_production", [peak["source_id"]])),
                )
            )
    lc = [g for g in goals if g.measure == "local_content_pct" and g.year > year]
    now_lc = [g for g in goals if g.measure == "local_content_pct" and g.year <= year]
    if lc and now_lc:
        nxt = sorted(lc, key=lambda g: g.year)[0]
        out.append(
            Facts(
                key="local_content",
                now=now_lc[-1].value,
                now_target=now_lc[-1].target,
                threshold=nxt.value,
                by=str(nxt.year),
                cite=nxt.cite,
            )
        )
    if interests.jobs:
        j = interests.jobs[0]
        out.append(
            Facts(
                key="jobs",
                now=j.workers,
                now_year=j.year,
                scope=j.scope,
                threshold=j.workers,
                by=str(year + 1),
                cite=interests.jobs_cite,
            )
        )
    if interests.closed and interests.capacity is not None:
        closed = sum(c.capacity.value for c in interests.closed)
        before = rep.claims.claim(
            "capacity_before_closures",
            interests.capacity.value + closed,
            "vehicles per year",
            "plants",
            areas=[ctx.focus],
        )
        out.append(
            Facts(
                key="capacity",
                now=interests.capacity,
                threshold=before,
                by=str(year + 2),
                cite=interests.plants_cite,
            )
        )
    return out

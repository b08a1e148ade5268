"""The stated rules of the member editions (evbrief.sections.member, asks.toml), each with a fixture.

- The source rank: between two sources of one figure, the one nearer the body that counts it wins,
  even when the other was published later; only within one rank does the later report win; two
  measures (exports shipped, production for export) are never ranked against each other.
- The asks: each rule of asks.toml fires on a fixture partner whose record holds its trigger, and not
  on one whose record does not (a line merger is not a closure; a partner that says where it sources
  is not asked for a local-content commitment).
- Like with like: 30@30 (zero-emission vehicles of every type, production) is never measured by a
  count of passenger cars; one plant has one value; a partner with only a minority stake is on record.
"""

from __future__ import annotations

import pandas as pd
import pytest
from evbrief.document.context import Context
from evbrief.document.report import Report
from evbrief.sections import member

# --- the source rank --------------------------------------------------------------------------------


def figure(units: int, source_id: str, as_of: str, measure: str = "exports") -> dict:
    return dict(
        area="THA",
        year=2025,
        period="CY",
        measure=measure,
        vehicle_scope="all_vehicles",
        powertrain="total",
        export_form="",
        units=units,
        source_id=source_id,
        as_of=as_of,
    )


@pytest.fixture
def kinds(monkeypatch) -> dict:
    """The fixture's sources and their kinds, in place of datapackage.json's."""
    found = {
        "body-release": {"kind": "body", "publisher": "The national body"},
        "later-paper": {"kind": "press", "publisher": "A newspaper"},
    }
    monkeypatch.setattr(member.data, "sources", lambda table, path=None: found)
    return found


def test_a_later_press_report_loses_to_the_body(kinds) -> None:
    rows = pd.DataFrame(
        [
            figure(935_750, "body-release", "2026-01-28"),
            figure(956_230, "later-paper", "2026-02-02"),
        ]
    )
    kept, other = member.preferred(rows)
    assert kept["units"].tolist() == [935_750]
    assert other["units"].tolist() == [956_230]
    assert other["_instead_of"].tolist() == ["body-release"]


def test_within_one_rank_the_later_report_wins(kinds) -> None:
    kinds["body-release"]["kind"] = "press"
    rows = pd.DataFrame(
        [
            figure(935_750, "body-release", "2026-01-28"),
            figure(956_230, "later-paper", "2026-02-02"),
        ]
    )
    kept, _ = member.preferred(rows)
    assert kept["units"].tolist() == [956_230]


def test_two_measures_are_both_kept(kinds) -> None:
    rows = pd.DataFrame(
        [
            figure(935_750, "body-release", "2026-01-28"),
            figure(956_230, "later-paper", "2026-02-02", measure="production_for_export"),
        ]
    )
    kept, other = member.preferred(rows)
    assert sorted(kept["units"]) == [935_750, 956_230] and other.empty


def test_a_source_without_a_kind_is_refused_in_one_line(kinds) -> None:
    kinds["later-paper"].pop("kind")
    with pytest.raises(member.UnrankedSource, match="give it a kind, one of body, wire"):
        member.preferred(pd.DataFrame([figure(1, "later-paper", "2026")]))


def test_every_source_of_member_production_has_a_kind() -> None:
    kinds = {s.get("kind") for s in member.data.sources("member_production").values()}
    assert kinds <= set(member.SOURCE_RANK), kinds


def test_thai_exports_and_production_for_export_are_told_apart() -> None:
    exports = member.latest_figure("THA", "exports")
    assert (int(exports["year"]), int(exports["units"]), exports["export_form"]) == (
        2025,
        935_750,
        "CBU",
    )
    made = member.latest_figure("THA", "production_for_export")
    assert int(made["units"]) == 956_230
    # FTI's split of production by destination (JETRO), not a second count of exports
    assert made["source_id"] == "jetro-2026-tha-fti-2025"


# --- the asks ---------------------------------------------------------------------------------------


def row(record: str, *, kind: str, table: str = "plants", date: str = "2024", **more) -> dict:
    what = more.pop("what", f"{record} {kind}")
    return dict(
        partner="KOR",
        what=what,
        text=more.pop("text", what),
        record=record,
        kind=kind,
        date=date,
        regional=more.pop("regional", False),
        table=table,
        ids=["fixture"],
    )


RULES = {r["id"]: r for r in member.ask_rules()}

# per rule: a record that triggers it, and one beside it that does not
CASES = {
    "replace": (
        [row("closed", kind="vehicle_assembly")],
        [row("consolidated", kind="vehicle_assembly")],  # a line merger is not a closure
    ),
    "restart": (
        [row("suspended", kind="vehicle_assembly")],
        [row("built", kind="vehicle_assembly")],
    ),
    "local_content": (
        [row("built", kind="vehicle_assembly", what="Fixture Motors: vehicle assembly")],
        [
            row("built", kind="vehicle_assembly", what="Fixture Motors: vehicle assembly"),
            row(
                "offered",
                kind="investment",
                table="partners",
                text="BOI project; a third of parts to be sourced in Thailand",
            ),
        ],
    ),
    "access": (
        [row("offered", kind="trade rule", table="partners")],
        [row("offered", kind="trade rule", table="partners", regional=True)],
    ),
    "deliver": (
        [
            row("offered", kind="investment", table="partners", date="2024"),
            row("built", kind="vehicle_assembly", date="2019"),
        ],
        [
            row("offered", kind="investment", table="partners", date="2024"),
            row("built", kind="vehicle_assembly", date="2025"),
        ],
    ),
}


def test_every_rule_of_asks_toml_has_a_case() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_rule_fires_on_its_trigger_and_not_beside_it(rule_id) -> None:
    rule = RULES[rule_id]
    fires, quiet = (pd.DataFrame(c) for c in CASES[rule_id])
    hit = member.ASK_TESTS[rule["test"]](fires, rule, "THA")
    assert not hit.empty, f"{rule_id}: does not fire on its fixture"
    assert member.ASK_TESTS[rule["test"]](quiet, rule, "THA").empty, f"{rule_id}: fires beside it"


def test_each_ask_cites_the_facts_that_triggered_it() -> None:
    record = pd.DataFrame(
        [row("closed", kind="vehicle_assembly", what="Fixture Motors plant"), *CASES["access"][0]]
    )
    asks = member.our_asks(Report("member_briefing", {}, "t"), Context(focus="THA"), record)
    # the closed plant asks for a replacement, not for local content (only live plants are asked that)
    assert [a.key for a in asks] == ["replace", "access"]
    replace = asks[0]
    assert replace.partner == "South Korea" and replace.ask == RULES["replace"]["ask"]
    assert [f.what for f in replace.facts] == ["Fixture Motors plant"]


def test_a_rule_naming_an_unknown_test_is_refused_in_one_line(tmp_path) -> None:
    bad = tmp_path / "asks.toml"
    bad.write_text('[[rule]]\nid = "x"\ntest = "guess"\nask = "a"\nrule = "r"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="names no known test 'guess'; tests: ended"):
        member.ask_rules(bad)


# --- like with like ---------------------------------------------------------------------------------


def test_30_at_30_is_not_measured_by_passenger_cars() -> None:
    rep = Report("member_briefing", {}, "t")
    target = member.targets("THA")
    zev = target[target["measure"] == "zev_share_of_production_pct"].iloc[0]
    # the data hold battery-electric passenger cars built, not zero-emission vehicles of every type
    cars = member.latest_figure(
        "THA", "production", vehicle_scope="passenger_cars", powertrain="BEV"
    )
    assert cars is not None
    assert member.measure_now(rep, zev) is None


def test_a_commitment_for_a_register_plant_is_shown_once() -> None:
    cm = member.data.load("commitments")
    c35 = cm[cm["commitment_id"] == "C35"].iloc[0]  # CATL's Karawang cell plant
    plants = member.current(member.data.load("plants"))
    assert member.register_plant(c35, plants[plants["area"] == "IDN"]) == "catl-ibc-idn-karawang"
    record = member.partner_record("IDN")
    assert "C35" not in set(record["key"])
    catib = record[record["key"] == "catl-ibc-idn-karawang"]
    assert len(catib) == 1 and catib.iloc[0]["amount"] == "IDR 7,000,000,000,000"
    # a commitment that names no place of the plant is not taken for it
    assert member.register_plant(c35.copy().replace({c35["title"]: "A plant"}), plants) is None


def test_a_minority_stake_puts_a_partner_on_record() -> None:
    record = member.partner_record("IDN")
    stakes = record[(record["partner"] == "USA") & (record["record"] == "stake")]
    assert stakes["what"].str.contains("8.5%").any()  # Ford in Pomalaa, controlled by Huayou


def test_plant_changes_are_not_closures() -> None:
    plants = member.current(member.data.load("plants"))
    nissan = plants[plants["plant_id"] == "nissan-tha-plant1"].iloc[0]
    assert nissan["status"] == "consolidated"
    assert nissan["status"] not in member.ENDED and nissan["status"] in member.CHANGED


def test_a_part_of_a_year_gives_way_to_its_whole_year() -> None:
    import pandas as pd
    from evbrief.sections import member

    base = dict(
        measure="exports", vehicle_scope="all_vehicles", powertrain="total", export_form="CBU"
    )
    rows = pd.DataFrame(
        [
            {**base, "year": 2025, "period": "CY", "units": 935750},
            {**base, "year": 2025, "period": "Jan-Nov", "units": 850787},
            {**base, "year": 2026, "period": "Jan-Mar", "units": 200000},
        ]
    )
    kept = member.without_parts_of_full_years(rows)
    assert list(kept["period"]) == ["CY", "Jan-Mar"]  # a part of a year with no whole year stays

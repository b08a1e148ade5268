"""Editions: render --all --edition archives claims and data; changes.html compares two editions.

Two editions are rendered on real IEA rows (tests/fixtures: samples of the GEVO 2025 CSV and of
the GEVO 2026 sheet). The first is the whole publication on the older data, which lacks Southeast
Asia, several members and the year 2025: every report must still render, with claims that the data
bear out. The second renders one report to stay cheap; every change that changes.html states is
then recomputed from the two archived claims files and data copies, with json and csv only.
"""

from __future__ import annotations

import csv
import json

import pytest
from evbrief import PROJECT_ROOT
from evbrief.data import update
from evbrief.publishing import declaration, editions, publish
from evbrief.publishing.cli import main

from tests.publishing import test_claims, test_prose

SAMPLE_2025 = PROJECT_ROOT / "tests/fixtures/EVDataExplorer2025-sample.csv"
SAMPLE_2026 = PROJECT_ROOT / "tests/fixtures/GEVO_EV_2026-sample.csv"


@pytest.fixture
def setting(tmp_path, monkeypatch, data_copy):
    toml = tmp_path / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "ev_adoption"\nnotebook = "ev_adoption"\nformats = ["html"]\n'
    )
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    monkeypatch.setenv("EVBRIEF_EDITIONS_DIR", str(tmp_path / "editions"))
    return tmp_path / "reports", data_copy, tmp_path / "editions"


def _claims(folder, stem):
    return json.loads((folder / f"{stem}.claims.json").read_text(encoding="utf-8"))


def _ev(edition_dir) -> dict:
    with open(edition_dir / "data" / "ev_sales.csv", newline="", encoding="utf-8") as f:
        return {(r["area"], r["year"], r["powertrain"]): r for r in csv.DictReader(f)}


def _check_pages(out, data_dir, monkeypatch) -> None:
    """test_claims' own checks of every report rendered in `out`, recomputed from `data_dir`, and no
    missing fact printed as None."""
    caches = [
        getattr(test_claims, n)
        for n in ("history", "table", "projection", "samples", "skill", "tornado")
    ]
    monkeypatch.setattr(test_claims, "DATA", data_dir)
    for c in caches:
        c.cache_clear()  # the session may have read the shipped data
    try:
        for stem in test_claims.STEMS:
            test_claims.test_claims_are_in_the_page(out, stem)
            assert not test_prose.missing_shown(test_claims.page_text(out / f"{stem}.html")), stem
            # the member briefings hold their market's series in both editions; recomputing their
            # sampled bands would add some 17 s and test no path the older data open
            if not stem.startswith("briefing-"):
                test_claims.test_claims_match_data(out, stem)
        for stem in ("briefing", "briefing_ja"):  # each sentence, the missing-series ones too
            assert not test_prose.unexplained(out / f"{stem}.html", publish.notebook_path(stem))
    finally:
        for c in caches:
            c.cache_clear()


def test_two_editions_list_real_revisions_and_moved_claims(setting, monkeypatch):
    out, data_dir, archive = setting
    render = ["render", "--all", "--to", "html", "--out", str(out), "--edition"]

    # issue 16: after refreshing from the older edition with --allow-removals, the WHOLE publication
    # still renders (briefings and scenarios word the missing Southeast Asia series), claims correct
    update.update_table("ev_sales", str(SAMPLE_2025), data_dir=data_dir, allow_removals=True)
    one_report = declaration.PUBLICATION_FILE
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", PROJECT_ROOT / "publication.toml")
    assert main([*render, "e2025"]) == 0
    stems = [job.stem for job in declaration.jobs()]
    assert len(stems) > 20 and not [s for s in stems if not (out / f"{s}.html").exists()]
    assert not (out / "failed").exists()
    _check_pages(out, data_dir, monkeypatch)
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", one_report)
    first = (out / "changes.html").read_text(encoding="utf-8")
    assert "This is the first edition (e2025)" in first
    assert (archive / "e2025" / "claims" / "ev_adoption.claims.json").exists()
    assert (archive / "e2025" / "data" / "ev_sales.csv").read_bytes() == (
        data_dir / "ev_sales.csv"
    ).read_bytes()  # the data vintage as rendered

    update.update_table("ev_sales", str(SAMPLE_2026), data_dir=data_dir)  # newer: no removal
    assert main([*render, "e2026"]) == 0
    assert editions.labels() == ["e2025", "e2026"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "e2026, e2025" in index and 'href="changes.html"' in index

    page = (out / "changes.html").read_text(encoding="utf-8")
    register = _claims(out, "changes")["claims"]
    kinds = {c["detail"]["kind"] for c in register}
    assert {"edition_moved", "edition_revised", "edition_claim", "edition_revision"} <= kinds

    old = _claims(archive / "e2025" / "claims", "ev_adoption")
    new = _claims(archive / "e2026" / "claims", "ev_adoption")
    old_ev, new_ev = _ev(archive / "e2025"), _ev(archive / "e2026")
    for c in register:
        d = c["detail"]
        assert c["display"] in page
        if d["kind"] == "edition_claim":  # a moved claim: its value in the named edition
            source = old if d["edition"] == "e2025" else new
            [stated] = [x for x in source["claims"] if x["name"] == d["claim"]]
            assert stated["value"] == c["value"]
        if d["kind"] == "edition_revision":  # a revised figure: the cell of that edition's data
            row = (old_ev if d["edition"] == "e2025" else new_ev)[
                (d["area"], str(d["year"]), d["powertrain"])
            ]
            assert float(row[d["column"]]) == c["value"]
        if d["kind"] == "edition_revised":  # every value of a row both editions hold, compared
            numbers = ("sales", "stock", "sales_share_pct", "stock_share_pct")
            count = sum(
                1
                for k in set(old_ev) & set(new_ev)
                for n in numbers
                if old_ev[k][n] and new_ev[k][n] and float(old_ev[k][n]) != float(new_ev[k][n])
            )
            assert count == c["value"] and count > 0  # GEVO 2026 revised GEVO 2025's figures
    claim_pairs = [c for c in register if c["detail"]["kind"] == "edition_claim"]
    assert len(claim_pairs) == 2 and claim_pairs[0]["value"] != claim_pairs[1]["value"]
    # new data: the 2026 sample adds the Philippines, Southeast Asia and the year 2025
    assert "New areas: PHL; SEA." in page and "New years: 2025." in page

    # the facts the briefing's short section uses, for the 2026 report against edition e2026
    changes = editions.compare()
    assert changes.current == "e2026" and changes.previous == "e2025" and not changes.first
    assert changes.moved and changes.revisions["ev_sales"]
    top = changes.moved[0]
    assert top.importance >= changes.moved[-1].importance


def test_the_first_edition_says_so_and_briefing_facts_are_empty(setting):
    facts = editions.briefing_facts(register=type("R", (), {"claims": []})(), stem="briefing")
    assert facts["first"] and facts["previous"] is None and facts["moved"] == []
    assert editions.compare().first


def test_key_messages_are_read_from_the_page():
    page = (
        '<h2 id="Key-messages">Key messages<a class="anchor-link">¶</a></h2>'
        "<ul><li><strong>Adoption.</strong> Electric cars were 21% of new cars.</li>"
        "<li>Two &amp; three.</li></ul><h2>Next</h2><p>not a key message</p>"
    )
    assert editions.key_messages(page) == [
        "Adoption. Electric cars were 21% of new cars.",
        "Two & three.",
    ]

"""The pathways report: rendered once, it states a battery-car-against-hybrid result for every member
with a grid intensity, and each verdict agrees with its own two numbers.

The numbers themselves are recomputed by tests/test_claims.py (lifecycle_gkm, crossover_year); here we
check what the sentences say about them, on the page the reader gets.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from evbrief import PROJECT_ROOT

from .test_claims import page_text, sentence_text

EVBRIEF = [sys.executable, "-m", "evbrief.publishing.cli"]
ASEAN = {
    "BRN": "Brunei",
    "KHM": "Cambodia",
    "IDN": "Indonesia",
    "LAO": "Laos",
    "MYS": "Malaysia",
    "MMR": "Myanmar",
    "PHL": "Philippines",
    "SGP": "Singapore",
    "THA": "Thailand",
    "VNM": "Vietnam",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pathways")
    subprocess.run(
        [*EVBRIEF, "render", "pathways", "--to", "html", "--out", str(out)],
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=900,
    )
    return out


def members_with_grid() -> set[str]:
    with open(PROJECT_ROOT / "data" / "grid_intensity.csv", newline="", encoding="utf-8") as f:
        return {r["area"] for r in csv.DictReader(f) if r["area"] in ASEAN and r["gco2_per_kwh"]}


def test_every_member_with_a_grid_gets_a_verdict(rendered: Path) -> None:
    claims = json.loads((rendered / "pathways.claims.json").read_text())["claims"]
    page = page_text(rendered / "pathways.html")
    gkm = {
        (c["detail"]["area"], c["detail"]["pathway"]): c
        for c in claims
        if c["detail"]["kind"] == "lifecycle_gkm" and c["detail"]["scenario"] == "held"
    }
    years = {
        c["detail"]["area"]: c["value"] for c in claims if c["detail"]["kind"] == "crossover_year"
    }
    members = members_with_grid()
    assert len(members) >= 5  # the five members with powertrain data at least
    for area in sorted(members):
        bev, hev = gkm[(area, "BEV")], gkm[(area, "HEV")]
        sentence = sentence_text(bev["sentence"])
        # one sentence holds both numbers, names the member and is on the page
        assert bev["sentence"] == hev["sentence"] and ASEAN[area] in sentence
        assert sentence in page
        # e.g. Brunei: 256 g/km for the battery car against 206 for the hybrid, so the hybrid wins
        verdict = page[page.index(sentence) : page.index(sentence) + len(sentence) + 200]
        if bev["value"] < hev["value"]:
            assert "the battery car already wins" in verdict or "battery car wins today" in verdict
        else:
            assert "the hybrid wins" in verdict
        # and from when: a crossover year on the report's grid path, or "to 2035" where there is none
        if area in years:
            assert 2015 <= years[area] <= 2035 and f"wins from {years[area]}" in verdict
        else:
            assert "to 2035" in verdict

"""Fair comparisons, checked like arithmetic: seven editorial rules over every claim of every report.

tests/publishing/test_claims.py proves each number is right; this file proves that numbers set side by side may be
compared, read as a fact-checker would read them (docs/editorial-rules.md, issue 22). Each rule is a
function from one report's claims file to its problems, run over the whole publication, and each has a
fixture, the case that broke it in the edition of 2026-12-03, that proves it fails.

What a rule needs to know about a claim it reads from the data with the csv module (the period and segment
of a published share, what a commitment covers, which plants hold a recorded investment), not from the
report code; the comparability fields the claims file carries (period, scope, evidence, assumptions) are
checked against it where they can be.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from evbrief.core import language

from tests.publishing import test_claims
from tests.publishing.test_claims import ASEAN, STEMS, num, rate_year, table

REGIONAL = {"SEA", "ASEAN", "WLD"}
REGION_WORDS = ("Southeast Asia", "ASEAN", "region", "world", "東南アジア", "地域", "世界")
ASSUMPTION_WORDS = ("assum", "仮定", "想定", "ceiling", "上限", "scenario")
HEADCOUNTS = ("persons", "workers", "people", "companies", "vehicles", "units")  # how many, of whom
STOP = {
    "with",
    "and",
    "the",
    "for",
    "over",
    "from",
    "into",
    "each",
    "more",
    "than",
    "about",
    "who",
    "that",
}


def register(folder: Path, stem: str) -> dict:
    return json.loads((folder / f"{stem}.claims.json").read_text(encoding="utf-8"))


# --- periods --------------------------------------------------------------------------------------

SHORT = {
    "H1": ["H1", "first half of", "first half"],
    "Q1": ["Q1", "first quarter of", "first quarter"],
    "YTD-Nov": ["January–November", "Jan–Nov"],
}
MONTHS = {
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "May": "May",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}


def period_phrases(period: str, year: int) -> list[str]:
    """The ways a partial period may be named before its year: 'December 2025', 'Dec 2025',
    'January–July 2025', 'Jan–Jul 2025', 'H1 2025'; '2025年12月' in Japanese."""
    if period in SHORT:
        names = SHORT[period]
    elif "-" in period:
        a, b = period.split("-")
        names = [f"{MONTHS.get(a, a)}–{MONTHS.get(b, b)}", f"{a}–{b}", f"{a}-{b}"]
    else:
        names = [MONTHS.get(period, period), period]
    out = [f"{n} {year}" for n in names]
    from evbrief.sections.competition import PERIODS  # the labels the Japanese catalogue translates

    label = PERIODS.get(period)
    if label:
        try:
            out.append(f"{year}年{language.t(label, 'ja')}")
        except language.MissingLabel:
            pass
    return out


def partial(period: str | None) -> bool:
    return bool(period) and period not in ("CY", "FY")


# --- rule 1: values compared in one sentence share period and unit, or the sentence says so ----------


def rule_like_with_like(claims: list[dict]) -> list[str]:
    """Claims of one unit in one sentence, observed over different periods, each name their period."""
    problems = []
    by_sentence: dict[str, list[dict]] = {}
    for c in claims:
        by_sentence.setdefault(c["sentence"], []).append(c)
    for sentence, group in by_sentence.items():
        dated = [c for c in group if c.get("period") and c.get("evidence") != "modelled"]
        for i, a in enumerate(dated):
            for b in dated[i + 1 :]:
                if a["unit"] != b["unit"] or a["period"] == b["period"]:
                    continue
                for c in (a, b):
                    d = c["detail"]
                    if partial(d.get("period")):
                        named = any(p in sentence for p in period_phrases(d["period"], d["year"]))
                    else:  # a full year or a span ("5 years from 2018-11"): its years are named
                        years = re.findall(r"\d{4}", c["period"])
                        named = bool(years) and all(y in sentence for y in years)
                    if not named:
                        problems.append(
                            f"{c['name']} ({c['period']}) is compared with {(b if c is a else a)['name']} "
                            f"({(b if c is a else a)['period']}) but the sentence does not name its period: "
                            f"{sentence!r}"
                        )
    return problems


def test_rule_1_fails_on_capacities_of_different_years() -> None:
    # the broken case: Japanese capacities of 2013 beside Chinese ones of 2025, periods unsaid
    claims = [
        {
            "name": "a",
            "unit": "vehicles per year",
            "period": "CY2013",
            "detail": {},
            "sentence": "Japan 1.8 million against China 550,000.",
        },
        {
            "name": "b",
            "unit": "vehicles per year",
            "period": "CY2025",
            "detail": {},
            "sentence": "Japan 1.8 million against China 550,000.",
        },
    ]
    assert len(rule_like_with_like(claims)) == 2
    fixed = "Japan 1.8 million (2013) against China 550,000 (2025)."
    assert rule_like_with_like([{**c, "sentence": fixed} for c in claims]) == []


# --- rule 2: one concept, one value per document; a converted amount names its rate -----------------

CONVERSIONS = ("commitment_usd", "commitment_converted")
RATES = ("fx_rate", "commitment_source_rate", "commitment_implied_rate")


def rule_one_value(claims: list[dict]) -> list[str]:
    problems = []
    values: dict[tuple, set] = {}
    for c in claims:
        d = c["detail"]
        if d["kind"].startswith("commitment_") and "id" in d:
            values.setdefault((d["id"], c["unit"]), set()).add(round(float(c["value"]), 2))
    for (cid, unit), vals in values.items():
        if len(vals) > 1:
            problems.append(f"{cid} is stated in {unit} with {len(vals)} values: {sorted(vals)}")
    for c in claims:
        if c["detail"]["kind"] not in CONVERSIONS:
            continue
        same = [
            o for o in claims if o["sentence"] == c["sentence"] and o["detail"]["kind"] in RATES
        ]
        if not same and "rate" not in c["sentence"] and "レート" not in c["sentence"]:
            problems.append(f"{c['name']}: a converted amount without its rate: {c['sentence']!r}")
    return problems


def test_rule_2_fails_on_one_budget_at_three_values() -> None:
    s = "METI's ¥140 billion ($900 million at ¥155.6 per dollar)."
    claims = [
        {
            "name": "x",
            "unit": "USD",
            "value": 899.51e6,
            "detail": {"kind": "commitment_converted", "id": "C01"},
            "sentence": s,
        },
        {
            "name": "r",
            "unit": "yen per dollar",
            "value": 155.64,
            "detail": {"kind": "commitment_source_rate", "id": "C01"},
            "sentence": s,
        },
        {
            "name": "y",
            "unit": "USD",
            "value": 924e6,
            "detail": {"kind": "commitment_usd", "id": "C01"},
            "sentence": "About $924 million.",
        },
    ]
    problems = rule_one_value(claims)
    assert any("C01 is stated in USD with 2 values" in p for p in problems)
    assert any("without its rate" in p for p in problems)
    assert rule_one_value(claims[:2]) == []


# --- rule 3: an assumption is called one; a member's edition never quotes the region as its own ------


def focus_of(params: dict) -> str | None:
    focus = params.get("focus")
    return None if focus in (None, "", "ASEAN", "SEA") else str(focus)


def rule_assumptions_and_whose(claims: list[dict], params: dict) -> list[str]:
    problems = []
    for c in claims:
        if c.get("evidence") == "modelled" and c.get("assumptions"):
            if not any(w in c["sentence"] for w in ASSUMPTION_WORDS):
                problems.append(
                    f"{c['name']} rests on assumed {', '.join(c['assumptions'])} but its sentence does not "
                    f"say so: {c['sentence']!r}"
                )
    focus = focus_of(params)
    if focus:
        for c in claims:
            area = c["detail"].get("area")
            areas = c["detail"].get("areas")
            regional = area in REGIONAL or (
                isinstance(areas, list) and len(areas) > 1 and set(areas) != {focus}
            )
            if regional and not any(w in c["sentence"] for w in REGION_WORDS):
                problems.append(
                    f"{c['name']}: a regional figure in {focus}'s edition not labelled regional: "
                    f"{c['sentence']!r}"
                )
    return problems


def test_rule_3_fails_on_an_unsaid_assumption_and_a_borrowed_regional_share() -> None:
    model = {
        "name": "scenario:SEA",
        "evidence": "modelled",
        "assumptions": ["adoption.ceiling_pct"],
        "detail": {"kind": "scenario", "area": "VNM"},
        "sentence": "Plug-in cars reach 60% by 2035.",
    }
    regional = {
        "name": "scenario:SEA:japanese",
        "evidence": "modelled",
        "detail": {"kind": "scenario", "area": "SEA"},
        "sentence": "Japanese brands would hold 38% of the market.",
    }
    problems = rule_assumptions_and_whose([model, regional], {"focus": "VNM"})
    assert len(problems) == 2, problems
    model["sentence"] = "Plug-in cars reach 60% by 2035, the model's assumed ceiling."
    regional["sentence"] = "Across Southeast Asia, Japanese brands would hold 38%."
    assert rule_assumptions_and_whose([model, regional], {"focus": "VNM"}) == []


# --- rule 4: a sum or count that leaves out rows says how many and why -------------------------------


def recorded_investment(origin: str, areas) -> list[dict]:
    return [
        p
        for p in table("plants")
        if p["origin"] == origin
        and p["status"] != "cancelled"
        and p["area"] in areas
        and num(p["investment"]) is not None
    ]


def rule_left_out_said(claims: list[dict]) -> list[str]:
    problems = []
    for c in claims:
        d = c["detail"]
        if d["kind"] != "plants_with_investment":
            continue
        areas = d.get("areas", list(ASEAN))
        recorded = recorded_investment(d["origin"], areas)
        left = len(recorded) - int(c["value"])
        said = sum(
            int(o["value"])
            for o in claims
            if o["detail"]["kind"] == "plants_not_converted"
            and o["detail"]["origin"] == d["origin"]
            and o["detail"].get("areas", list(ASEAN)) == areas
        )
        if left > 0 and said != left:
            problems.append(
                f"{c['name']}: {c['value']} of {len(recorded)} {d['origin']} plants with a recorded "
                f"investment are counted and {said} said to be left out: {c['sentence']!r}"
            )
    return problems


def _without_early_baht(per_usd):
    """A rate lookup that knows no baht rate before 2015, as the shipped table did until Dec 2026."""
    return lambda currency, year: (
        None if (currency, year < 2015) == ("THB", True) else per_usd(currency, year)
    )


def test_rule_4_fails_on_plants_dropped_silently(monkeypatch) -> None:
    # the broken case: Thai Japanese plants whose year has no baht rate dropped from the sum unsaid;
    # the rate table as it was before its 2007-2014 baht rows, so that such plants exist
    monkeypatch.setattr(test_claims, "per_usd", _without_early_baht(test_claims.per_usd))
    recorded = recorded_investment("japanese", ["THA"])
    unconverted = [
        p
        for p in recorded
        if rate_year(
            p["investment_currency"],
            int(next(p[k] for k in ("announced_year", "start_year", "status_as_of") if p[k])),
        )
        is None
    ]
    assert unconverted, "the fixture needs a Thai Japanese plant without a rate for its year"
    counted = {
        "name": "n",
        "value": len(recorded) - len(unconverted),
        "detail": {"kind": "plants_with_investment", "origin": "japanese", "areas": ["THA"]},
        "sentence": "$589 million across 1 Japanese plant",
    }
    assert rule_left_out_said([counted])
    said = {
        "name": "l",
        "value": len(unconverted),
        "detail": {"kind": "plants_not_converted", "origin": "japanese", "areas": ["THA"]},
        "sentence": "... left out of the dollar sum",
    }
    assert rule_left_out_said([counted, said]) == []


# --- rule 5: no ratio of aggregates of different coverage -------------------------------------------


def coverage(ref: str, claim: dict) -> str:
    """What one side of a ratio covers, read from the data: a commitment by its title, plants by the
    claim's areas, a workforce by its area."""
    rows = [r for r in table("commitments") if r["commitment_id"] == ref]
    if rows:
        title = rows[0]["title"].lower()
        if "global south" in title:
            return "Global South"
        if "worldwide" in title or "global" in title:
            return "World"
        return "ASEAN" if "asean" in title else "unknown:" + ref
    if ref.endswith(" plants"):
        areas = claim["detail"].get("areas", list(ASEAN))
        return "ASEAN" if set(areas) == set(ASEAN) else "+".join(sorted(areas))
    return ref


def rule_same_coverage(claims: list[dict]) -> list[str]:
    problems = []
    for c in claims:
        d = c["detail"]
        if d["kind"] == "budget_per_worker":
            sides = (coverage(d["budget"], c), d["area"])
        elif "numerator" in d and "denominator" in d:
            sides = (coverage(str(d["numerator"]), c), coverage(str(d["denominator"]), c))
        else:
            continue
        if sides[0] != sides[1]:
            problems.append(
                f"{c['name']}: a ratio of {sides[0]} over {sides[1]}: {c['sentence']!r}"
            )
    return problems


def test_rule_5_fails_on_a_global_budget_over_one_countrys_workers() -> None:
    per_worker = {
        "name": "budget_per_worker:C01:THA",
        "detail": {"kind": "budget_per_worker", "budget": "C01", "area": "THA"},
        "sentence": "METI's whole Global South budget would come to ¥202,899 each.",
    }
    china = {
        "name": "investment_ratio",
        "detail": {"kind": "investment_ratio", "numerator": "chinese plants", "denominator": "C01"},
        "sentence": "12 times the METI budget.",
    }
    assert len(rule_same_coverage([per_worker, china])) == 2
    same = {
        "name": "r",
        "detail": {"kind": "x", "numerator": "C01", "denominator": "C01"},
        "sentence": "",
    }
    assert rule_same_coverage([same]) == []


# --- rule 6: a partial period or a month is never called a year --------------------------------------


def rule_period_named(claims: list[dict]) -> list[str]:
    problems = []
    for c in claims:
        d = c["detail"]
        if not partial(d.get("period")) or "year" not in d:
            continue
        phrases = period_phrases(d["period"], int(d["year"]))
        if not any(p in c["sentence"] for p in phrases):
            problems.append(
                f"{c['name']}: a figure for {d['period']} {d['year']} whose sentence does not name "
                f"the period before the year (one of {phrases}): {c['sentence']!r}"
            )
    return problems


def test_rule_6_fails_on_a_month_called_a_year() -> None:
    claim = {
        "name": "origin_share:THA:2025:Dec",
        "detail": {"kind": "origin_share", "area": "THA", "year": 2025, "period": "Dec"},
        "sentence": ", and Japanese makers sold 96% of the hybrids in 2025 (December)",
    }
    assert rule_period_named([claim])
    assert rule_period_named([{**claim, "sentence": "96% of the hybrids in December 2025"}]) == []
    jan_jul = {**claim, "detail": {**claim["detail"], "period": "Jan-Jul"}}
    assert rule_period_named([{**jan_jul, "sentence": "31%, January–July 2025"}]) == []


# --- rule 7: a commitment, pledge or programme is quoted in its source's own terms ---------------------


def source_words(kind: str, ref: str) -> str | None:
    """The source's own words: the row's verbatim quote (not our description of it)."""
    name, key = (
        ("training_programmes", "programme_id")
        if kind == "training_programme"
        else ("commitments", "commitment_id")
    )
    rows = [r for r in table(name) if r[key] == ref]
    if not rows:
        return None
    quote = rows[0]["quote"]
    # a source quoted in another language (Japanese, Thai) cannot be matched word for word in English
    if len(re.findall(r"[A-Za-z]", quote)) < len(quote) / 3:
        return None
    return quote.lower()


def qualifiers(sentence: str, display: str) -> list[str]:
    """The words that say what a count counts: those right after the number, up to a clause break."""
    at = sentence.find(display)
    if at < 0:
        return []
    tail = re.split(r"[,;.()\[]| with | in | over | by | from ", sentence[at + len(display) :])[0]
    return [
        w for w in re.findall(r"[A-Za-z][A-Za-z-]+", tail) if len(w) > 3 and w.lower() not in STOP
    ][:4]


def rule_source_terms(claims: list[dict]) -> list[str]:
    problems = []
    for c in claims:
        d = c["detail"]
        if (
            d["kind"] not in ("training_programme", "commitment_amount")
            or c["unit"] not in HEADCOUNTS
        ):
            continue
        words = source_words(d["kind"], d["id"])
        if words is None:
            continue
        for w in qualifiers(c["sentence"], c["display"]):
            stem = w.lower()[:6]
            if stem not in words:
                problems.append(
                    f"{c['name']}: {c['display']} {w!r} is not how its source words it: {c['sentence']!r}"
                )
    return problems


def test_rule_7_fails_on_industrial_workers_for_digital_professionals() -> None:
    claim = {
        "name": "training_programme:T03",
        "unit": "persons",
        "display": "100,000",
        "detail": {"kind": "training_programme", "id": "T03"},
        "sentence": "Japan has pledged to train 100,000 industrial workers with ASEAN [7].",
    }
    assert any("'industrial'" in p for p in rule_source_terms([claim]))
    fixed = "Japan aims to develop 100,000 highly skilled digital professionals in AI and semiconductors."
    assert rule_source_terms([{**claim, "sentence": fixed}]) == []


# --- the publication ---------------------------------------------------------------------------------

RULES = {
    "1 like with like": lambda r: rule_like_with_like(r["claims"]),
    "2 one value, rate named": lambda r: rule_one_value(r["claims"]),
    "3 assumptions, whose paper": lambda r: rule_assumptions_and_whose(
        r["claims"], r["parameters"]
    ),
    "4 left out said": lambda r: rule_left_out_said(r["claims"]),
    "5 same coverage": lambda r: rule_same_coverage(r["claims"]),
    "6 period named": lambda r: rule_period_named(r["claims"]),
    "7 source's terms": lambda r: rule_source_terms(r["claims"]),
}


def problems_of(reg: dict) -> list[str]:
    return [f"rule {name}: {p}" for name, rule in RULES.items() for p in rule(reg)]


@pytest.mark.parametrize("stem", STEMS)
def test_the_seven_rules_hold(publication_dir: Path, stem: str) -> None:
    problems = problems_of(register(publication_dir, stem))
    assert not problems, f"{stem}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_claims_carry_their_comparability(publication_dir: Path, stem: str) -> None:
    """Every claim has a kind of evidence; a claim of a published share names the period its row gives."""
    failures = []
    for c in register(publication_dir, stem)["claims"]:
        if c.get("evidence") not in ("observed", "derived", "assumed", "modelled"):
            failures.append(f"{c['name']}: evidence {c.get('evidence')!r}")
        d = c["detail"]
        if partial(d.get("period")) and d["period"].split("-")[0] not in c.get("period", ""):
            failures.append(f"{c['name']}: period {c.get('period')!r} for a {d['period']} figure")
    assert not failures, "\n".join(failures)

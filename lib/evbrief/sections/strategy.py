"""The Japan–ASEAN automotive strategy itself: the dated record of the co-creation work.

The record is the Japan–ASEAN rows of data/policies.csv (area JPN: meetings, plans, partnerships), so
the timeline grows with the register and every line of it is sourced.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.context import REGION_AREA
from evbrief.document.report import Report
from evbrief.sections.market import lead_market  # the notebooks call it as strategy.lead_market

KINDS = ("meeting", "target", "partnership")
SINCE = "2023-08"  # the AEM–METI co-creation vision opens the record of the automotive work
# the automotive track: the consultations and plans that name cars, vehicles or the co-creation work
AUTOMOTIVE = r"(?i)auto|vehicle|co-creation|AEM-METI|working groups"
# a primary account: the governments' and ERIA's own pages (the rest is the press, or a blog)
OFFICIAL = r"(?i)ministry|METI|prime minister|kantei|government|secretariat|ERIA"
PLANS = ("target", "partnership")  # kinds of row that state a plan or a decision, not a meeting
MASTER_PLAN = r"(?i)master plan"


def events() -> pd.DataFrame:
    """The dated Japan–ASEAN automotive rows of the register, oldest first."""
    po = data.load("policies")
    rows = po[(po["area"] == "JPN") & po["policy_type"].isin(KINDS) & po["date"].notna()].copy()
    rows = rows[(rows["date"].astype(str) >= SINCE) & rows["title"].str.contains(AUTOMOTIVE)]
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


NUMBERED_MEETING = r"^\d+(st|nd|rd|th) |^第\d+回"  # a meeting's own name comes first in its entry
ONLY_BRACKETS = r"\s*[(（][^)）]*[)）]\s*"  # "(METI release)": an account's source, no decision
ACCOUNT = (
    r"\s*[(（][^()（）]*(?:release|report|statement|発表|報告)[^()（）]*[)）]\s*$"  # who told it
)
MIN_SHARED_NAME = 12  # shorter shared starts are words, not a meeting's name


def _official(source_ids: str) -> bool:
    sources = data.sources("policies")
    return any(
        re.search(OFFICIAL, str(sources.get(i, {}).get("publisher", "")))
        for i in str(source_ids).split(";")
    )


def record() -> pd.DataFrame:
    """The record of the joint work: one entry per meeting (with the decisions it took) or decision.

    Rows of the register on the same date as a meeting are that meeting's decisions, so they join its
    entry; a plan or decision known only from the press, on no meeting's date, is a reported plan
    (status "reported"), listed but not counted as a step. Columns: date, titles (the English titles,
    the meeting first), status ("meeting" or "reported"), source_id.
    """
    rows = events()
    meeting_dates = set(rows.loc[rows["policy_type"] == "meeting", "date"].astype(str))
    entries = []
    for date, group in rows.groupby(rows["date"].astype(str), sort=True):
        meetings = group[group["policy_type"] == "meeting"]
        others = group[group["policy_type"] != "meeting"]
        if date in meeting_dates:
            named = sorted(
                meetings["title"], key=lambda x: (not re.match(NUMBERED_MEETING, x), len(x))
            )
            entries.append(
                dict(
                    date=date,
                    titles=named + list(others["title"]),
                    status="meeting",
                    source_id=";".join(group["source_id"]),
                )
            )
            continue
        for _, r in group.iterrows():
            reported = r["policy_type"] in PLANS and not _official(r["source_id"])
            entries.append(
                dict(
                    date=date,
                    titles=[r["title"]],
                    status="reported" if reported else "meeting",
                    source_id=r["source_id"],
                )
            )
    return pd.DataFrame(entries, columns=["date", "titles", "status", "source_id"])


def _entry_text(titles: list[str]) -> str:
    """An entry as the reader sees it: the meeting, then what it decided, in the report's language.

    Two accounts of one meeting (METI's release, JETRO's report) name the meeting twice; its name is
    said once, without the account's source in brackets (the table's source line names it), and what
    the meeting decided, in each account, follows it after a colon.
    """
    loc = language.here()
    texts = [loc.text("policies", x) for x in titles]
    if len(texts) == 1:
        return texts[0]
    name = re.sub(ACCOUNT, "", texts[0])
    kept, added = [], []
    for text in texts[1:]:
        rest = _after_shared_name(name, text)
        if rest is None:
            kept.append(text)
        elif rest and not re.fullmatch(ONLY_BRACKETS, rest):
            added.append(rest)
    said, clause = added + kept, loc.grammar.get("clause", "; ")
    if not said:
        return name
    if not re.match(NUMBERED_MEETING, name):  # not a meeting: entries side by side
        return clause.join([name, *said])
    return name + loc.grammar.get("colon", ": ") + clause.join(said)


def _after_shared_name(name: str, text: str) -> str | None:
    """What `text` says after the meeting `name`, or None if it does not start with that name (the
    name must end at a colon, a bracket or the text's end, and be long enough to be a name)."""
    if len(name) < MIN_SHARED_NAME or not text.startswith(name):
        return None
    rest = text[len(name) :]
    if rest and not re.match(r"\s*[:：(（]", rest):
        return None
    return rest.strip(" :：")


ELECTRIC_LINE = (
    r"(?i)\b(?:produc\w*|made in|assembl\w*)\b.*\b(?:battery-electric|BEV|EV)\b"
    r"|\b(?:battery-electric|BEV|EV)\b.*\b(?:produc\w*|made in)\b"
)  # a title that says a battery-electric model is built


def _electric_lines(rep: Report, area: str) -> dict:
    """The Japanese makers whose production of a battery-electric model in the market is on record
    (commitments that name the market and say it is built there), as `bev_makers` (their first
    names joined) and `bev_cite`; None where none is: a position to build electric models locally
    must say that some already are."""
    cm = data.load("commitments")
    name = countries.english_name(area)  # the data's titles are English in every edition
    rows = cm[
        (cm["actor_origin"] == "JPN")
        & (cm["actor_type"] == "company")
        & (cm["measure"] == "launch_year")
        & cm["title"].str.contains(name, regex=False)
        & cm["title"].str.contains(ELECTRIC_LINE)
    ]
    if rows.empty:
        return dict(bev_makers=None, bev_cite=None)
    makers = sorted({str(a).split()[0].rstrip(",") for a in rows["actor"]})
    makers = [language.text("makers", m) for m in makers]
    ids = sorted({i for x in rows["source_id"] for i in str(x).split(";")})
    return dict(bev_makers=language.join(makers), bev_cite=rep.source(("commitments", ids)))


def _minority_stakes(area: str, plants: pd.DataFrame, origin: str, plant_type: str) -> Facts | None:
    """The origin's firms that hold a stake in a plant of the area that others control, and those
    plants, each joined for prose (`owners`, `plants`); None where the register holds none. No
    Japanese-controlled plant is not no Japanese presence (editorial rule 3)."""
    owners = data.load("plant_owners")
    here = plants[(plants["area"] == area) & (plants["plant_type"] == plant_type)]
    here = here.drop_duplicates("plant_id").set_index("plant_id")
    controlled = {"JPN": "japanese", "CHN": "chinese", "KOR": "korean"}.get(origin)
    held = owners[
        owners["plant_id"].isin(here.index)
        & (owners["owner_origin"] == origin)
        & owners["plant_id"].map(
            lambda p: here.loc[p, "origin"] != controlled if p in here.index else False
        )
    ]
    if held.empty:
        return None
    return Facts(
        owners=language.join([language.text("plant_owners", o) for o in held["owner"].unique()]),
        plants=language.join(
            [language.text("plants", here.loc[p, "company"]) for p in held["plant_id"].unique()]
        ),
    )


def timeline_facts(rep: Report) -> Facts:
    """How many meetings and decisions, how many reported plans, the first and latest entries, and
    the latest word on the Master Plan (and whether its adoption is on record)."""
    rec = record()
    steps = rec[rec["status"] == "meeting"]
    reported = rec[rec["status"] == "reported"]
    ids = sorted(set(rec["source_id"].str.split(";").explode()))
    rows = events()
    master = rows[rows["title"].str.contains(MASTER_PLAN)]
    if master.empty:
        master = rows[rows["description"].fillna("").str.contains(MASTER_PLAN)]
    detail = dict(area="JPN", since=SINCE, kinds=list(KINDS), pattern=AUTOMOTIVE, official=OFFICIAL)
    return Facts(
        events=rep.claims.claim(
            "record_entries", len(steps), "count", "policies", status="meeting", **detail
        ),
        reported=rep.claims.claim(
            "record_entries", len(reported), "count", "policies", status="reported", **detail
        ),
        first=language.date(steps["date"].iloc[0]) if not steps.empty else None,
        first_event=_entry_text(steps["titles"].iloc[0]) if not steps.empty else None,
        latest=language.date(steps["date"].iloc[-1]) if not steps.empty else None,
        latest_event=_entry_text(steps["titles"].iloc[-1]) if not steps.empty else None,
        master=language.text("policies", master["title"].iloc[-1]) if not master.empty else None,
        master_date=language.date(master["date"].iloc[-1]) if not master.empty else None,
        master_adopted=bool(master["title"].str.contains(r"(?i)adopt").any()),
        # when the record was last checked against its sources: a gap after the latest entry is
        # then a finding of that check, not a silence
        checked=language.date(str(rows["checked"].dropna().astype(str).max()))
        if rows["checked"].notna().any()
        else None,
        cite=rep.source(("policies", ids)),
    )


def timeline_table(rep: Report, *, caption: str) -> None:
    rec = record()
    table = pd.DataFrame(
        {
            t("Date"): rec["date"].map(language.date),
            t("What happened"): rec["titles"].map(_entry_text),
            t("Account"): rec["status"].map(
                {"meeting": t("meeting or decision"), "reported": t("press report of a plan")}
            ),
        }
    )
    rep.table(table, caption=caption, table="policies", compact=True)


# --- asks and offers ---------------------------------------------------------------------------------


def _latest_rule(area: str, kinds: tuple[str, ...]) -> pd.Series | None:
    po = data.load("policies")
    rows = po[(po["area"] == area) & po["policy_type"].isin(kinds) & po["date"].notna()].copy()
    if rows.empty:
        return None
    rows["sort"] = rows["date"].astype(str).str[:10]
    return rows.sort_values("sort").iloc[-1]


LATER_BUDGET = "C61"  # the same Global South programme in the FY2024 supplementary budget
DRAWN_BUDGET = "C50"  # what of the first budget went to ASEAN demonstration projects


def _later_budget(rep: Report, commitment_id: str) -> Facts | None:
    """A budget line of the programme (a later year's, or what was drawn from it), in its own
    currency as the source gives it, or None where the register does not hold it."""
    rows = data.load("commitments").set_index("commitment_id")
    if commitment_id not in rows.index:
        return None
    row = rows.loc[commitment_id]
    return Facts(
        amount=rep.claims.claim(
            "commitment_amount", row["amount"], row["currency"], "commitments", id=commitment_id
        ),
        cite=rep.source(("commitments", str(row["source_id"]).split(";"))),
    )


def asks_and_offers(rep: Report, ctx) -> list[Facts]:
    """What Japan brings, where it has gaps, and what it asks of ASEAN, each where the data support it.

    The paper is Japan's, for the region or for one member: `side` is "offer" (what Japan brings:
    money, technology, capacity, training), "gap" (what it lacks where a partner is strong) or "ask"
    (what it asks of ASEAN). Every item carries the claims it rests on; `key` names it for the notebook.
    """
    from evbrief.analysis import training
    from evbrief.sections import partners, pathways, supply

    items: list[Facts] = []
    plants = data.load("plants")
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    lead = lead_market(ctx)
    items.append(Facts(key="money", side="offer", **partners.stated_conversion(rep, "C01")))
    drawn = _later_budget(rep, DRAWN_BUDGET)
    if drawn is not None:
        items.append(Facts(key="money_drawn", side="offer", **drawn))
    later = _later_budget(rep, LATER_BUDGET)
    if later is not None:
        items.append(Facts(key="money_later", side="offer", **later))
    hybrids = pathways.powertrain_facts(rep, lead)
    hybrids["market"] = language.place(hybrids.market)
    if hybrids.japanese_hybrids is not None:
        items.append(Facts(key="technology", side="offer", **hybrids))
    jp_cap = partners.capacity_claim(rep, [lead], "japanese")
    if jp_cap.value:
        items.append(
            Facts(
                key="capacity",
                side="offer",
                market=language.place(countries.name(lead)),
                capacity=jp_cap,
                chinese_capacity=partners.capacity_claim(rep, [lead], "chinese"),
                cite=rep.source("plants"),
            )
        )
    items.append(
        Facts(
            key="training",
            side="offer",
            target=training.programme_claim(rep.claims, TRAINING_TARGET),
            cite=rep.source("training_programmes"),
        )
    )
    for area in [ctx.focus] if not ctx.is_region else ["IDN"]:
        nickel = supply.mineral_share_claim(rep, mu, "nickel", [area], year)
        total = supply.plants_count_claim(rep, plants, [area], "all", "battery_materials")
        japanese = supply.plants_count_claim(rep, plants, [area], "japanese", "battery_materials")
        if nickel.value >= 5 and total.value and not japanese.value:
            items.append(
                Facts(
                    key="processing",
                    side="gap",
                    market=language.place(countries.name(area)),
                    nickel=nickel,
                    year=year,
                    chinese=supply.plants_count_claim(
                        rep, plants, [area], "chinese", "battery_materials"
                    ),
                    total=total,
                    cite=rep.source("minerals_usgs", "plants"),
                )
            )
    if hybrids.electrified is not None and hybrids.plug_in is not None:
        items.append(Facts(key="hybrids", side="ask", **hybrids))
    return items


# --- the four pillars --------------------------------------------------------------------------------

# Kishida's pledge of 23 May 2024: with ASEAN, 100,000 highly skilled digital professionals (AI, semiconductors)
TRAINING_TARGET = "T03"
WORKFORCE_SCOPES = ("automotive_industry", "automotive_value_chain", "vehicle_assembly")


def _source_ids(table: str, row_id: str) -> list[str]:
    rows = data.load(table).set_index("programme_id")
    return str(rows.loc[row_id, "source_id"]).split(";")


def pillars_facts(rep: Report, ctx) -> Facts:
    """One number per pillar for the focus: training, decarbonised production, minerals, biofuels.

    The region is read through its two largest producers (Thailand for the grid, Indonesia for nickel
    and biodiesel); a member through itself. A pillar with no figure for the focus is None.
    """
    from evbrief.analysis import metrics, training
    from evbrief.sections import pathways, supply

    grid_area = lead_market(ctx)
    fuel_area = "IDN" if ctx.is_region else ctx.focus
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    facts = Facts(focus=ctx.focus_name)
    # training: Japan's training pledge as its source words it. The Global South budget is never divided
    # by one member's workforce (a ratio of aggregates of different coverage)
    facts["training"] = Facts(
        target=training.programme_claim(rep.claims, TRAINING_TARGET),
        cite=rep.source(
            ("training_programmes", _source_ids("training_programmes", TRAINING_TARGET))
        ),
    )
    facts["production"] = pathways.emissions_facts(rep, grid_area)
    # a member that USGS does not list as a producer gets None, not 0%: the list names the main
    # producers and puts the rest under "other countries"
    mined = metrics.mineral_table(mu, "nickel", "mine_production", year)
    listed = ctx.is_region or bool((mined["area"] == ctx.focus).any())
    facts["minerals"] = Facts(
        area=countries.name(fuel_area) if not ctx.is_region else t("ASEAN"),
        nickel=supply.mineral_share_claim(
            rep, mu, "nickel", countries.ASEAN if ctx.is_region else [ctx.focus], year
        )
        if listed
        else None,
        asean=supply.mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year),
        year=year,
        cite=rep.source("minerals_usgs"),
    )
    facts["biofuels"] = pathways.mandate_facts(rep, fuel_area, f"{ctx.end_year}-12-31")
    return facts


# --- the summary for the meeting ---------------------------------------------------------------------

# The rules that turn facts into a position: each a share the notebook states in words, registered as a
# claim of kind "rule_threshold" so that the number the reader sees is the number the rule used.
RULES = {"majority": 50.0, "quarter": 25.0, "first": 1}


def _rule(rep: Report, name: str, unit: str = "percent"):
    return rep.claims.claim("rule_threshold", RULES[name], unit, "rules", rule=name)


def summary_facts(rep: Report, ctx) -> Facts:
    """Page 1: three findings, the position the rules give on each decision, and the deliverables.

    findings: Facts with `key` (adoption, hybrids, processing), None where the data give no figure.
    decisions: Facts with `key`, `stance` (the rule's outcome), the evidence and the trade-off.
    deliverables: keys with their facts, following the stances (and the training pledge, and the
    Master Plan while its adoption is not on record).
    """
    from evbrief.analysis import training
    from evbrief.sections import briefing, competition, partners, pathways, supply

    lead = lead_market(ctx)
    mine_area = "IDN" if ctx.is_region else ctx.focus
    plants = data.load("plants")
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    findings, decisions, deliverables = [], [], []

    a = briefing.adoption_facts(rep, ctx)
    if a.share is not None:
        findings.append(Facts(key="adoption", **a))
    hy = pathways.powertrain_facts(rep, lead)
    hy["market"] = language.place(hy.market)
    if hy.electrified is not None and hy.japanese_hybrids is not None:
        findings.append(Facts(key="hybrids", **hy))
    nickel = supply.mineral_share_claim(rep, mu, "nickel", [mine_area], year)
    chinese = supply.plants_count_claim(rep, plants, [mine_area], "chinese", "battery_materials")
    japanese = supply.plants_count_claim(rep, plants, [mine_area], "japanese", "battery_materials")
    total = supply.plants_count_claim(rep, plants, [mine_area], "all", "battery_materials")
    minerals = Facts(
        market=language.place(countries.name(mine_area)),
        nickel=nickel,
        year=year,
        chinese=chinese,
        japanese=japanese,
        total=total,
        stakes=_minority_stakes(mine_area, plants, "JPN", "battery_materials"),
        cite=rep.source("minerals_usgs", "plants", "plant_owners"),
    )
    if total.value:
        findings.append(Facts(key="processing", **minerals))

    # 1. incentives: count every electrified car where hybrids outsell plug-ins
    if hy.electrified is not None and hy.plug_in is not None:
        hybrids_lead = hy.electrified.value - hy.plug_in.value > hy.plug_in.value
        # the trade-off by the battery car against the hybrid as a band: a verdict only outside it
        band = pathways.band_facts(rep, lead, "trend")
        plan = pathways.band_facts(rep, lead, "plan")
        if plan is not None:
            plan["market"] = language.place(plan.market)
        tradeoff = {"bev": "bev_cleaner", "hev": "bev_later"}.get(
            band.verdict if band else "", "too_close"
        )
        decisions.append(
            Facts(
                key="incentives",
                stance="count_electrified" if hybrids_lead else "plug_in_targets",
                tradeoff=tradeoff,
                grid=band or {},
                # the member's own power plan, beside the trend, where it decides what the trend cannot
                plan_grid=plan
                if tradeoff == "too_close" and plan and plan.verdict == "bev"
                else None,
                **hy,
            )
        )
    # 2. minerals: co-invest in processing where the member mines a quarter of the world's nickel and
    # Japanese firms control fewer of its battery-material plants than Chinese firms
    quarter = _rule(rep, "quarter")
    if total.value:
        co_invest = nickel.value >= quarter.value and japanese.value < chinese.value
        cancelled = plants[
            (plants["origin"] == "japanese")
            & (plants["status"] == "cancelled")
            & (plants["plant_type"] == "battery_materials")
            & (plants["area"] == mine_area)
        ]
        po = data.load("policies")
        ban = po[(po["area"] == mine_area) & (po["policy_type"] == "export_ban")].dropna(
            subset=["date"]
        )
        decisions.append(
            Facts(
                key="minerals",
                stance="co_invest" if co_invest else "diversify",
                quarter=quarter,
                cancelled=cancelled.iloc[0]["company"] if not cancelled.empty else None,
                # the year its status was recorded: when the Japanese partner left the project
                cancelled_year=str(cancelled.iloc[0]["status_as_of"])[:4]
                if not cancelled.empty
                else None,
                ban_year=str(ban.iloc[0]["date"])[:4] if not ban.empty else None,
                **minerals,
            )
        )
    # 3. localisation: build electric models locally where Chinese brands hold most of the lead
    # market's electric segment and its rules tie incentives to local output
    bs = data.load("brand_shares")
    ev = metrics.electric_origin_shares(bs)
    ev = ev[(ev["area"] == lead) & (ev["group_type"] == "origin") & (ev["group"] == "chinese")]
    rule = _latest_rule(lead, ("offset_obligation", "local_content"))
    share = metrics.latest_origin_share(
        bs, lead, "japanese", competition.MAIN_SEGMENT.get(lead, "all_vehicles")
    )
    if not ev.empty and rule is not None and share is not None:
        top = ev.iloc[0]
        majority = _rule(rep, "majority")
        china = competition.origin_claim(rep, top, lead)
        decisions.append(
            Facts(
                key="localise",
                stance="localise_electric" if china.value > majority.value else "hold_course",
                market=language.place(countries.name(lead)),
                china=china,
                china_when=competition.when(top),
                bev_only=top["segment"] == "bev",
                majority=majority,
                japan=competition.origin_claim(rep, share, lead),
                japan_when=competition.when(share),
                capacity=partners.capacity_claim(rep, [lead], "japanese"),
                chinese_capacity=partners.capacity_claim(rep, [lead], "chinese"),
                rule=language.text("policies", rule["title"]),
                rule_date=language.date(rule["date"]),
                **_electric_lines(rep, lead),
                cite=rep.source(
                    "plants",
                    (
                        "brand_shares",
                        sorted(
                            set(top["source_id"].split(";")) | set(share["source_id"].split(";"))
                        ),
                    ),
                    ("policies", rule["source_id"].split(";")),
                ),
            )
        )
    stances = {d.key: d.stance for d in decisions}
    if stances.get("incentives") == "count_electrified":
        deliverables.append(Facts(key="lifecycle_basis"))
    if stances.get("minerals") == "co_invest":
        deliverables.append(Facts(key="processing_window", market=minerals.market))
    if stances.get("localise") == "localise_electric":
        deliverables.append(
            Facts(key="supplier_programme", market=language.place(countries.name(lead)))
        )
    deliverables.append(
        Facts(
            key="training",
            target=training.programme_claim(rep.claims, TRAINING_TARGET),
            cite=rep.source("training_programmes"),
        )
    )
    t_facts = timeline_facts(rep)
    if t_facts.master is not None and not t_facts.master_adopted:
        deliverables.append(Facts(key="master_plan", **t_facts))
    return Facts(findings=findings, decisions=decisions, deliverables=deliverables)


# --- what to watch -----------------------------------------------------------------------------------


def edition_date(rep: Report) -> dt.date:
    """The date of the edition: the label's month's last day ("2026-12"), or the render date."""
    label = str(rep.parameters.get("edition") or "")
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", label)
    if not m:
        return dt.date.today()
    y, mo, d = int(m.group(1)), int(m.group(2) or 12), m.group(3)
    if d:
        return dt.date(y, mo, int(d))
    return dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)


def _after(rep: Report, value) -> tuple[str, dt.date] | None:
    """A dated deadline from the data, if it falls after the edition: its words and its last day."""
    text = "" if value is None else str(value)
    m = re.match(r"^(\d{4})(?:-(\d{2}))?", text)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2) or 12)
    last = dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)
    return (language.date(text), last) if last > edition_date(rep) else None


def _next_year(rep: Report) -> tuple[str, dt.date]:
    """The end of the year after the edition: the next full year of published figures."""
    year = edition_date(rep).year + 1
    return language.date(str(year)), dt.date(year, 12, 31)


def watch_facts(rep: Report, ctx) -> list[Facts]:
    """The options that can be tracked: an indicator, its value now, a threshold of the same measure,
    a date after the edition and who acts.

    Thresholds are published figures (the IEA's outlook for the region) or derived by a rule the notebook
    states (`rule`: "majority", "first", or the capacity of Japanese plants); dates are a published
    year or deadline after the edition, else the end of the year after it. `key` names the option.
    """
    from evbrief.sections import partners, supply
    from evbrief.sections.competition import MAIN_SEGMENT, origin_claim, when

    area = lead_market(ctx)
    ev = data.load("ev_sales")
    out = []
    point = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    if point is None:
        point = metrics.latest_share(ev, REGION_AREA, ctx.end_year)
    iea = data.load("ev_outlook_iea")
    after = edition_date(rep).year
    steps = iea[(iea["area"] == REGION_AREA) & (iea["scenario"] == "STEPS") & (iea["year"] > after)]
    steps = steps.sort_values("year")
    if point is not None and not steps.empty:
        y = int(steps["year"].iloc[0])
        out.append(
            Facts(
                key="train",
                market=language.place(countries.name(point.area)),
                now=rep.claims.claim(
                    "ev_share", point.value, "percent", "ev_sales", area=point.area, year=point.year
                ),
                now_year=point.year,
                threshold=rep.claims.claim(
                    "iea_outlook",
                    float(steps["sales_share_pct"].iloc[0]),
                    "percent",
                    "ev_outlook_iea",
                    area=REGION_AREA,
                    year=y,
                    scenario="STEPS",
                ),
                rule="sourced",
                by=language.date(str(y)),
                by_date=dt.date(y, 12, 31),
                cite=rep.source("ev_sales", "ev_outlook_iea"),
            )
        )
    bs = data.load("brand_shares")
    j = metrics.latest_origin_share(bs, area, "japanese", MAIN_SEGMENT.get(area, "all_vehicles"))
    if j is not None:
        by, by_date = _next_year(rep)
        out.append(
            Facts(
                key="prices",
                market=language.place(countries.name(area)),
                now=origin_claim(rep, j, area),
                now_when=when(j),
                threshold=_rule(rep, "majority"),
                rule="majority",
                by=by,
                by_date=by_date,
                cite=rep.source(("brand_shares", j["source_id"].split(";"))),
            )
        )
    plants = data.load("plants")
    mine = "IDN" if ctx.is_region else ctx.focus
    idn_rule = _latest_rule(mine, ("local_content", "offset_obligation"))
    total = supply.plants_count_claim(rep, plants, [mine], "all", "battery_materials")
    if total.value:
        deadline = _after(rep, idn_rule["date"]) if idn_rule is not None else None
        by, by_date = deadline or _next_year(rep)
        out.append(
            Facts(
                key="nickel",
                market=language.place(countries.name(mine)),
                now=supply.plants_count_claim(rep, plants, [mine], "japanese", "battery_materials"),
                chinese=supply.plants_count_claim(
                    rep, plants, [mine], "chinese", "battery_materials"
                ),
                threshold=_rule(rep, "first", "count"),
                rule="first",
                deadline=language.text("policies", idn_rule["title"]) if deadline else None,
                by=by,
                by_date=by_date,
                cite=rep.source(
                    "plants",
                    *([("policies", idn_rule["source_id"].split(";"))] if deadline else []),
                ),
            )
        )
    rule = _latest_rule(area, ("offset_obligation", "local_content"))
    japanese = partners.capacity_claim(rep, [area], "japanese")
    if japanese.value:
        deadline = _after(rep, rule["date"]) if rule is not None else None
        by, by_date = deadline or _next_year(rep)
        out.append(
            Facts(
                key="assembly",
                market=language.place(countries.name(area)),
                now=partners.capacity_claim(rep, [area], "chinese"),
                threshold=japanese,
                rule="japanese_capacity",
                deadline=language.text("policies", rule["title"]) if deadline else None,
                by=by,
                by_date=by_date,
                cite=rep.source(
                    "plants", *([("policies", rule["source_id"].split(";"))] if deadline else [])
                ),
            )
        )
    return out

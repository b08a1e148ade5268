"""The policy briefing's own sections: key messages, policy options, limits. The rest comes from the
analysis modules, so the briefing and the analysis notebooks state the same numbers the same way."""

from __future__ import annotations

from . import adoption, competition, countries, data, funding, metrics, supply
from .context import REGION_AREA, Context
from .report import Report


def key_messages(rep: Report, ctx: Context) -> None:
    ev = data.load("ev_sales")
    lines = []
    focus = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    cite = rep.cite("ev_sales")
    if focus is None:
        lines.append(
            rep.say(
                "**Adoption.** IEA publishes no electric-car share for {name} {cite}; the regional figures stand in.",
                name=ctx.focus_name,
                cite=cite,
            )
        )
        focus = metrics.latest_share(ev, REGION_AREA, ctx.end_year)
    f, _ = adoption.share_claim(rep, ev, focus.area, ctx.end_year)
    c, _ = adoption.share_claim(rep, ev, "CHN", ctx.end_year)
    text = rep.say(
        "**Adoption.** Electric cars were {f} of new cars sold in {name} in {y}, against {c} in China",
        f=f,
        name=countries.name(focus.area) if focus.area != REGION_AREA else "Southeast Asia",
        y=focus.year,
        c=c,
    )
    yrs, _ = adoption.years_behind_claim(rep, ev, focus.area, ctx.end_year)
    if yrs is not None:
        text += rep.say(": about {y} behind China's path", y=yrs)
    lines.append(text + f" {cite}.")

    bs = data.load("brand_shares")
    ev_rows = metrics.electric_origin_shares(bs)
    ev_rows = ev_rows[
        (ev_rows["group_type"] == "origin")
        & (ev_rows["group"] == "chinese")
        & ev_rows["area"].isin(ctx.members)
    ]
    lead_market = "THA" if ctx.is_region else ctx.focus
    j = metrics.latest_origin_share(
        bs, lead_market, "japanese", competition.MAIN_SEGMENT.get(lead_market, "all_vehicles")
    )
    if not ev_rows.empty:
        top = ev_rows.sort_values(["year"], ascending=False).iloc[0]
        cc = competition.origin_claim(rep, top, top["area"])
        sentence = rep.say(
            "**Competition.** Chinese brands took {cc} of {seg} in {name} in {y}",
            cc=cc,
            seg="battery-electric sales" if top["segment"] == "bev" else "electric-car sales",
            name=countries.name(top["area"]),
            y=int(top["year"]),
        )
        if j is not None:
            jc = competition.origin_claim(rep, j, lead_market)
            sentence += rep.say(
                ", while Japanese brands still held {jc} of {m}'s whole market in {jy}",
                jc=jc,
                m=countries.name(lead_market),
                jy=int(j["year"]),
            )
        lines.append(
            sentence
            + " "
            + rep.cite(
                "brand_shares",
                sorted(
                    {
                        *top["source_id"].split(";"),
                        *(j["source_id"].split(";") if j is not None else []),
                    }
                ),
            )
            + "."
        )

    meti = funding.commitments_table().set_index("id").loc["C01"]
    m = funding.usd_claim(rep, meti)
    cx = funding.chinese_investment_ratio_claim(rep, meti)
    mj = rep.claims.claim("commitment_amount", meti["amount"], "JPY", "commitments", id="C01")
    lines.append(
        rep.say(
            "**Money.** METI's {mj} (about {m}) is small beside the capital Chinese makers are sinking into "
            "ASEAN plants: the published investment of Chinese-owned plants is {cx} as large {cite}.",
            mj=mj,
            m=m,
            cx=cx,
            cite=rep.cite(["commitments", "plants"]),
        )
    )

    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    n = supply.mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year)
    plants = data.load("plants")
    cn = supply.plants_count_claim(rep, plants, ["IDN"], "chinese", "battery_materials")
    total = supply.plants_count_claim(rep, plants, ["IDN"], "all", "battery_materials")
    lines.append(
        rep.say(
            "**Minerals.** ASEAN mined {n} of the world's nickel in {y}, but Chinese firms control {cn} of the {t} "
            "Indonesian battery-material plants on record {cite}.",
            n=n,
            y=year,
            cn=cn,
            t=total,
            cite=rep.cite(["minerals_usgs", "plants"]),
        )
    )
    rep.markdown("\n\n".join(lines))


def limits(rep: Report) -> None:
    ev = data.load("ev_sales")
    vm = data.load("vehicle_market")
    ev_source = next(iter(data.sources("ev_sales").values()))
    last = vm[vm["measure"] == "sales"].groupby("area")["year"].max()
    stopped = [c for c in countries.ASEAN if c in last.index and last[c] < int(last.max())]
    lines = [
        rep.say(
            "- **Electric cars.** IEA figures, rounded to two significant figures {cite}. The {y} workbook is marked as "
            "a first version for peer review, so later releases may revise them. Southeast Asia is IEA's own aggregate; "
            "{names} have no electric-car data.",
            y=ev_source["year"],
            cite=rep.cite("ev_sales"),
            names=" and ".join(countries.name(c) for c in metrics.members_without_data(ev)),
        ),
        rep.say(
            "- **Brand shares.** Compiled from industry bodies and the press as each source states them (segment and "
            "period differ); partial-year figures are marked; conflicting figures are all kept and explained in the "
            "data notes {cite}.",
            cite=rep.cite("brand_shares"),
        ),
        rep.say(
            "- **Plants.** A register of the projects our sources describe, not a census; capacities and investments are "
            "as announced {cite}.",
            cite=rep.cite("plants"),
        ),
        rep.say(
            "- **Money.** Converted at the average rate of the year announced (FRED for the yen, World Bank for other "
            "currencies) {cite}.",
            cite=rep.cite(["fx_rates", "fx_worldbank"]),
        ),
    ]
    if stopped:
        lines.append(
            rep.say(
                "- **Vehicle markets.** OICA's sales series end in {y} for {names}, so regional totals after "
                "that year cover fewer members {cite}.",
                y=int(last[stopped].max()),
                names=", ".join(countries.name(c) for c in stopped),
                cite=rep.cite("vehicle_market"),
            )
        )
    rep.markdown("\n".join(lines))


def outlook_message(rep: Report, ctx: Context) -> None:
    """The scenario result for the key messages (computed by the same model as the outlook section)."""
    from . import outlook

    proj = outlook.all_scenarios()
    area = outlook.area_for(ctx)
    name = "Southeast Asia" if area == REGION_AREA else countries.name(area)
    ev35 = outlook.claim(rep, proj, ctx.scenario, area, 2035, "ev_share_pct")
    lo = outlook.claim(rep, proj, "china_accelerates", area, 2035, "japanese_share_pct")
    hi = outlook.claim(rep, proj, "strategy_delivered", area, 2035, "japanese_share_pct")
    rep.markdown(
        rep.say(
            "**Outlook.** Under {label}, electric cars are {ev} of {name}'s new-car sales by 2035. Japanese "
            "brands' share of that electric market ends between {lo} (China accelerates) and {hi} (the "
            "strategy delivered): the cost cuts matter only if they reach prices.",
            label=scenarios_label(ctx.scenario),
            ev=ev35,
            name=name,
            lo=lo,
            hi=hi,
        )
    )


def scenarios_label(name: str) -> str:
    from . import scenarios

    return scenarios.label(name).lower() if name == "stated_policies" else scenarios.label(name)


def policy_options(rep: Report, ctx: Context) -> None:
    """Each option: why (from the analysis), the trade-off, and what to watch with its current value."""
    from . import scenarios

    ev = data.load("ev_sales")
    share, focus = adoption.share_claim(rep, ev, ctx.focus_area, ctx.end_year)
    if focus is None:
        share, focus = adoption.share_claim(rep, ev, REGION_AREA, ctx.end_year)
    where = "Southeast Asia" if focus.area == REGION_AREA else countries.name(focus.area)

    plants = data.load("plants")
    members = list(ctx.members)
    cn = supply.plants_count_claim(rep, plants, members, "chinese")
    jp = supply.plants_count_claim(rep, plants, members, "japanese")
    idn_jp = supply.plants_count_claim(rep, plants, ["IDN"], "japanese", "battery_materials")
    replaced = plants[
        (plants["origin"] == "japanese")
        & (plants["status"] == "cancelled")
        & (plants["plant_type"] == "battery_materials")
    ]
    policies = data.load("policies")
    ban = policies[(policies["area"] == "IDN") & (policies["policy_type"] == "export_ban")].dropna(
        subset=["date"]
    )
    bs = data.load("brand_shares")
    lead_market = "THA" if ctx.is_region else ctx.focus
    j = metrics.latest_origin_share(
        bs, lead_market, "japanese", competition.MAIN_SEGMENT.get(lead_market, "all_vehicles")
    )
    movers = scenarios.tornado(ctx.scenario, column="japanese_share_pct")
    movers = movers[movers["swing"] > 1e-9]
    from .charts import PARAMETER_LABELS

    top = [PARAMETER_LABELS.get(p, p).lower() for p in movers["parameter"][:2]]

    nickel_why = rep.say(
        "Of the Indonesian battery-material plants on record, {j} are Japanese-controlled {c}.",
        j=idn_jp,
        c=rep.cite("plants"),
    )
    if not replaced.empty:
        nickel_why += " " + rep.say(
            "The register also records a Japanese nickel project in Indonesia that was cancelled "
            "({company}).",
            company=replaced.iloc[0]["company"],
        )
    nickel_trade = "Processing ventures tie capital to one country's export rules"
    if not ban.empty:
        nickel_trade += rep.say(
            " (Indonesia's nickel-ore export ban dates from {y})", y=str(ban.iloc[0]["date"])[:4]
        )
    nickel_trade += " and to high-pressure leaching's environmental record."
    options = [
        (
            "Train for electric drivetrains, not only for engines",
            rep.say(
                "Electric cars already take {s} of new-car sales in {w} {c}; the METI budget is meant mainly for "
                "training, and the skills the region's plants will need are battery, power-electronics and software skills.",
                s=share,
                w=where,
                c=rep.cite("ev_sales"),
            ),
            "Training for electric production can speed the decline of the engine and parts jobs that Japanese suppliers "
            "now provide.",
            rep.say(
                "the electric share of new-car sales in {w}: {s} in {y}.",
                w=where,
                s=share,
                y=focus.year,
            ),
        ),
        (
            "Make the automakers' cost cuts reach ASEAN prices",
            rep.say(
                "In the scenarios, the Japanese share of electric sales moves most with the {a} and the {b} "
                "(see the tornado chart).",
                a=top[0],
                b=top[1],
            )
            if len(top) >= 2
            else "In the scenarios, the Japanese share of electric sales moves with prices (see the tornado chart).",
            "Passing cuts on protects share but thins margins that fund the next models.",
            "the Japanese brands' share of electric-car sales; no source publishes it today, so the first step is to "
            "measure it."
            if j is None
            else rep.say(
                "the Japanese brands' share of {m}'s whole market: {v} in {y}; and their share of electric-car sales, "
                "which no source publishes today.",
                m=countries.name(lead_market),
                v=competition.origin_claim(rep, j, lead_market),
                y=int(j["year"]),
            ),
        ),
        (
            "Co-invest in nickel processing with ASEAN partners",
            nickel_why,
            nickel_trade,
            rep.say(
                "Japanese-controlled battery-material plants in Indonesia: {j} on record.", j=idn_jp
            ),
        ),
        (
            "Answer the plant race with local electric assembly",
            rep.say(
                "Our register lists {cn} Chinese-owned {plants} in {w}, against {jp} Japanese {ones} for which "
                "electrified production is recorded {c}.",
                cn=cn,
                plants="plant" if cn.value == 1 else "plants",
                w=ctx.focus_name,
                jp=jp,
                ones="one" if jp.value == 1 else "ones",
                c=rep.cite("plants"),
            )
            if jp.value
            else rep.say(
                "Our register lists {cn} Chinese-owned {plants} in {w} and no Japanese plant with recorded "
                "electrified production {c}.",
                cn=cn,
                plants="plant" if cn.value == 1 else "plants",
                w=ctx.focus_name,
                c=rep.cite("plants"),
            ),
            "Local assembly earns incentives tied to local production but commits capacity before demand is proven.",
            rep.say("Chinese-owned plants on record in {w}: {cn}.", w=ctx.focus_name, cn=cn),
        ),
    ]
    blocks = []
    for i, (title, why, trade, watch) in enumerate(options, 1):
        blocks.append(
            f"### {i}. {title}\n\n**Why.** {why}\n\n**Trade-off.** {trade}\n\n"
            f"**What to watch.** {watch[0].upper() + watch[1:]}"
        )
    rep.markdown("\n\n".join(blocks))

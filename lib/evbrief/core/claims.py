"""Every number the prose states: its value, unit, the dataset it came from, and the sentence.

Prose is written by filling templates with Claim objects, so a number can only reach a sentence
through here; the render writes the register to <report>.claims.json for checking.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from string import Formatter

from evbrief.core import language


@dataclass
class Claim:
    name: str
    value: float | int
    unit: str
    dataset: str
    display: str
    detail: dict = field(default_factory=dict)  # what identifies it in the dataset (area, year...)
    sentence: str = ""
    also: list = field(default_factory=list)  # other sentences that state the same claim
    # comparability: what a reader needs to know before setting this number beside another
    period: str = (
        ""  # "CY2025", "Jan–Jul 2025", "Dec 2025", "2015–2025", "2035" (a projection year)
    )
    scope: dict = field(
        default_factory=dict
    )  # area/areas, segment, measure, coverage, instrument...
    vintage: str = (
        ""  # the data it rests on: the source id where the claim names one, else the dataset
    )
    evidence: str = ""  # the claim's kind of evidence: observed, derived, assumed or modelled
    assumptions: list = field(
        default_factory=list
    )  # for a modelled value: the inputs that are assumed
    # the clock of the rows it quotes (filled when the claims file is written; see evbrief.data.clock):
    as_of: str = ""  # the latest date the quoted rows' sources state (YYYY, YYYY-MM or YYYY-MM-DD)
    checked: str = ""  # the day those rows were last confirmed (YYYY-MM-DD)
    rows: list = field(default_factory=list)  # their ids in the dataset

    def __str__(self) -> str:
        return self.display

    def about(
        self,
        *,
        period: str | None = None,
        evidence: str | None = None,
        assumptions: list | tuple | None = None,
        vintage: str | None = None,
        **scope,
    ) -> Claim:
        """The claim with its comparability stated by its maker (over the defaults from its detail)."""
        if period is not None:
            self.period = period
        if evidence is not None:
            if evidence not in EVIDENCE:
                raise ValueError(f"evidence {evidence!r} is not one of {', '.join(EVIDENCE)}")
            self.evidence = evidence
        if assumptions is not None:
            self.assumptions = list(assumptions)
        if vintage is not None:
            self.vintage = vintage
        self.scope.update(scope)
        return self


EVIDENCE = ("observed", "derived", "assumed", "modelled")
# the default kind of evidence of a claim kind (a maker may say otherwise with Claim.about); a kind not
# listed is derived: computed from observed rows (a sum, a count, a ratio, a difference)
OBSERVED_KINDS = frozenset(
    {
        "ev_share",
        "origin_share",
        "commitment_amount",
        "commitment_converted",
        "commitment_source_rate",
        "fx_rate",
        "iea_outlook",
        "grid_intensity",
        "auto_workforce",
        "training_programme",
        "biofuel_mandate",
        "biofuel_volume",
        "edition_claim",
        "edition_revision",
        "electrified_share",
    }
)
ASSUMED_KINDS = frozenset({"lifecycle_parameter"})
MODELLED_KINDS = frozenset(
    {
        "scenario",
        "scenario_gap",
        "scenario_band",
        "tornado_swing",
        "skill_mae",
        "interval_coverage",
        "lifecycle_gkm",
        "crossover_grid",
        "crossover_year",
        "lifecycle_reduction",
        "battery_plant_extra",
        "blend_change",
        "nickel_extra",
    }
)
# the keys of a claim's detail that say what it covers (its scope), as opposed to which row it is
SCOPE_KEYS = (
    "area",
    "areas",
    "segment",
    "measure",
    "scope",
    "origin",
    "plant_type",
    "powertrain",
    "group",
    "scenario",
    "column",
    "mineral",
    "currency",
)
# a published period code (brand_shares, powertrain_sales) as the claims file writes it
PERIOD_CODES = {
    "CY": "CY",
    "FY": "FY",
    "YTD-Nov": "Jan–Nov",
    **{p: p.replace("-", "–") for p in ("Jan-Nov", "Jan-Oct", "Jan-Sep", "Jan-Aug", "Jan-Jul")},
    **{p: p.replace("-", "–") for p in ("Jan-Jun", "Jan-May", "Jan-Apr", "Jan-Feb")},
}


def period_code(year, period: str | None = None) -> str:
    """'CY2025' for a calendar year, 'Jan–Jul 2025', 'Dec 2025', 'H1 2025' for part of one."""
    code = PERIOD_CODES.get(period, period) if period else "CY"
    return f"{code}{year}" if code in ("CY", "FY") else f"{code} {year}"


def default_period(kind: str, detail: dict) -> str:
    if "from_year" in detail and "to_year" in detail:
        return f"{detail['from_year']}–{detail['to_year']}"
    if "year" in detail:
        if kind in MODELLED_KINDS:
            return str(detail["year"])  # a projection year, not an observed calendar year
        return period_code(detail["year"], detail.get("period"))
    if "rate_year" in detail:
        return f"CY{detail['rate_year']}"
    return ""


def default_evidence(kind: str) -> str:
    if kind in MODELLED_KINDS:
        return "modelled"
    if kind in ASSUMED_KINDS:
        return "assumed"
    return "observed" if kind in OBSERVED_KINDS else "derived"


def fmt_value(value: float | int, unit: str, lang: str | None = None) -> str:
    """One place that formats numbers for prose, in the report's language (its locale's [numbers])."""
    return language.number(value, unit, lang)


def as_shown(value: float, places: int) -> float:
    """A value as a table prints it at `places` decimals, so that a difference quoted in the text is the
    difference of the numbers the reader sees (8.2 - 0.1, not the 8.149... of the unrounded values)."""
    return float(f"{value:.{places}f}")


def escape_md(text: str) -> str:
    """Text from data shown as text, never as markup.

    Markdown passes raw HTML through, so <, > and & become entities; Markdown's own marks (* _ [ ] ` # | ~ \\)
    are backslash-escaped, which CommonMark turns back into the plain characters.
    """
    return re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(str(text), quote=False))


class Facts(dict):
    """What an analysis found, for the notebook to word: Claims, names, years, citation marks.

    A fact the data do not give is None, so the notebook chooses the sentence for its absence. Read as
    attributes (f.share) or unpacked into a template (report.md("...{share}...", **f)).
    """

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no fact named {key!r}; facts here: {', '.join(self)}") from None


class Register:
    """The claims of one report, in the order the prose states them."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []

    def claim(self, kind: str, value, unit: str, dataset: str, **detail) -> Claim:
        """A number for the prose. `kind` and `detail` say how to recompute it from `dataset`."""
        name = ":".join(
            [
                kind,
                *(
                    str(v) if not isinstance(v, list | tuple) else "+".join(map(str, v))
                    for v in detail.values()
                ),
            ]
        )
        if value is None:
            raise ValueError(f"claim {name!r} has no value: the data do not cover it")
        value = float(value) if unit not in ("year", "years", "count") else int(value)
        return Claim(
            name,
            value,
            unit,
            dataset,
            fmt_value(value, unit),
            {"kind": kind, **detail},
            period=default_period(kind, detail),
            scope={k: detail[k] for k in SCOPE_KEYS if k in detail},
            vintage=str(detail.get("source_id") or dataset),
            evidence=default_evidence(kind),
        )

    @staticmethod
    def fill(template: str, **values) -> str:
        """A template filled with facts, registering nothing (chart titles, alt text, captions)."""
        # text that is not a claim may come from data (a company name): shown as text, never markup
        safe = {
            k: v
            if isinstance(v, Claim | int | float | language.Name) or v is None
            else escape_md(v)
            for k, v in values.items()
        }
        return template.format(**safe)

    def say(self, template: str, **values) -> str:
        """Fill a sentence; Claim values are registered with the sentence they appear in."""
        text = self.fill(template, **values)
        used = {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in Formatter().parse(template)
            if field
        }
        for key, value in values.items():
            if isinstance(value, Claim) and key in used:
                sentence = html.unescape(re.sub(r"\\(.)", r"\1", text))  # as the reader sees it
                same = [c for c in self.claims if c.name == value.name]
                if not same:
                    value.sentence = sentence
                    self.claims.append(value)
                    continue
                first = same[0]
                if abs(first.value - value.value) > 1e-9 * max(1.0, abs(value.value)):
                    raise ValueError(
                        f"claim {value.name!r} stated with two values: {first.value} and {value.value}"
                    )
                # stated again in another sentence: the claim keeps its first and lists the others
                if sentence != first.sentence and sentence not in first.also:
                    first.also.append(sentence)
                if value is not first:
                    value.sentence = sentence
        return text

    def as_json(self, stamp=None) -> list[dict]:
        """The claims as dicts; `stamp` (evbrief.data.clock.stamp) adds the clock of their rows."""
        out = [asdict(c) for c in self.claims]
        return stamp(out) if stamp is not None else out

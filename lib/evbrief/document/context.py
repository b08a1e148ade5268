"""What every section needs to know: the focus, the years shown, the scenario."""

from __future__ import annotations

from dataclasses import dataclass

from evbrief.data import countries
from evbrief.data.countries import REGION

REGION_AREA = "SEA"  # IEA's Southeast Asia aggregate stands for the region in electric-car data


@dataclass(frozen=True)
class Context:
    focus: str = REGION  # "ASEAN" or a member's ISO3 code
    start_year: int = 2015
    end_year: int = 2025
    scenario: str = "stated_policies"

    @property
    def is_region(self) -> bool:
        return self.focus == REGION

    @property
    def focus_area(self) -> str:
        return REGION_AREA if self.is_region else self.focus

    @property
    def focus_name(self) -> str:
        return countries.name(REGION_AREA if self.is_region else self.focus)

    @property
    def members(self) -> tuple[str, ...]:
        return countries.ASEAN if self.is_region else (self.focus,)

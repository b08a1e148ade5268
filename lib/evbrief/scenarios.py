"""Named scenarios to 2035 (placeholder registry until the projection model lands)."""

from __future__ import annotations

SCENARIOS = ("stated_policies", "strategy_delivered", "china_accelerates")


def names() -> list[str]:
    return list(SCENARIOS)

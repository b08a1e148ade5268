"""evbrief: evidence, analysis and a policy briefing on the Japan-ASEAN automotive strategy."""

from pathlib import Path

__version__ = "0.1.0"

#: The project root when running from a checkout (lib/evbrief/ -> root).
PROJECT_ROOT = Path(__file__).resolve().parents[2]

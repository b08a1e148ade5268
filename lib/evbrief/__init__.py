"""evbrief: evidence, analysis and a policy briefing on the Japan-ASEAN automotive strategy."""

from pathlib import Path

__version__ = "0.1.0"

#: The project root when running from a checkout (lib/evbrief/ -> root).
PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: The nbconvert template and the report stylesheet.
TEMPLATES_DIR = Path(__file__).parent / "templates"

#: The machinery that renders and publishes reports. The analysis (everything else) never imports
#: these; the import-graph test holds both rules: no cycle, and no analysis module importing them.
PUBLISHING = frozenset(
    {
        "publish",
        "publication",
        "declaration",
        "catalogue",
        "cli",
        "bench",
        "kernels",
        "browser",
        "exporter",
        "inputs",
        "site",
    }
)
#: Data maintenance, run by hand: not needed by a report's kernel.
MAINTENANCE = frozenset({"update", "derive"})

"""evbrief: evidence, analysis and a policy briefing on the Japan-ASEAN automotive strategy.

The package is laid out by stage, and imports point one way, down this list (tests/test_imports.py
holds it):

- ``core``: the building blocks every stage uses: the Claim record, the language layer, atomic files,
  child processes.
- ``data``: the sourced tables (``tables.load``), their schema rules, countries, the derive step from
  reference files (``sources/``) and the safe refresh (``update``).
- ``analysis``: indicators and models by topic (metrics, forecast, scenarios, emissions...). Facts, never
  sentences, and no chart or report object.
- ``document``: what a report is made of: the Report (say/table/figure), context, parameters, charts.
- ``sections``: what a report's sections need, assembled from analysis with the document's parts.
- ``publishing``: render, export, browser, kernels, manifest, publication, catalogue, editions, cli.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The package folder (lib/evbrief/).
PACKAGE_DIR = Path(__file__).resolve().parent

#: The project root when running from a checkout (lib/evbrief/ -> root).
PROJECT_ROOT = PACKAGE_DIR.parents[1]

#: The nbconvert template and the report stylesheet.
TEMPLATES_DIR = PACKAGE_DIR / "publishing" / "templates"

#: The stages, bottom to top: a module may import its own stage and the stages before it.
STAGES = ("core", "data", "analysis", "document", "sections", "publishing")

#: Data maintenance, run by hand: not needed by a report's kernel.
MAINTENANCE = frozenset({"evbrief.data.derive", "evbrief.data.update"})

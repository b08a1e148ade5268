"""The HTML export: nbconvert's HTMLExporter with our template, without the work our pages do not need.

Profiled on the briefing (1.5 MB page, 340 cells, vega-lite specs with their data in the output
metadata), stock `HTMLExporter.from_notebook_node` spent its time on:

* two deep copies of the notebook (Exporter.from_notebook_node, then Exporter._preprocess): about
  90 000 copied nodes, most of them the charts' specs, ~30% of the export;
* re-parsing the finished page with BeautifulSoup and writing it out again, to add alt text to
  `<img>` tags without one and tabindex to JupyterLab's cell markup: ~40%. Our template writes
  neither (figures are inline SVG with an aria-label, PNGs carry alt), so that pass changed nothing;
* schema validation of the notebook after each preprocessor, and compiling the template again in
  every export.

What is left is what the page needs: the enabled preprocessors (tag and regex removal, magics
highlighting) run on the executed notebook itself, which is read from disk for this export and not
used for anything else, and the template, compiled once per process, renders it.
"""

from __future__ import annotations

from functools import lru_cache

from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from evbrief import TEMPLATES_DIR


class LeanHTMLExporter(HTMLExporter):
    """HTMLExporter minus the deep copies, the validation and the BeautifulSoup pass (see above)."""

    def _preprocess(self, nb, resources):
        for preprocessor in self._preprocessors:
            nb, resources = preprocessor(nb, resources)
        return nb, resources

    def from_notebook_node(self, nb, resources=None, **kw):
        """The page for an executed notebook; `nb` may be changed by the preprocessors."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, _Uncopied(nb), resources, **kw)


class _Uncopied(dict):
    """The notebook handed to Exporter.from_notebook_node, which deep-copies it: here the copy is itself."""

    def __init__(self, nb):
        super().__init__(nb)
        self._nb = nb

    def __deepcopy__(self, memo):
        return self._nb


@lru_cache(maxsize=1)
def exporter() -> LeanHTMLExporter:
    """One exporter per process: its template is compiled on first use and reused."""
    return LeanHTMLExporter(template_name="evbrief", extra_template_basedirs=[str(TEMPLATES_DIR)])


def to_html(nb, resources: dict) -> str:
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return body

"""Render a notebook into a report: papermill -> nbconvert HTML (our template) -> Chromium PDF.

Everything is written to a staging folder inside the output folder and moved into place only when
every format succeeded, so a failed or interrupted render never replaces a good report.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from evbrief import PROJECT_ROOT, TEMPLATES_DIR, __version__
from evbrief.core import language, progress
from evbrief.core.files import write_text_atomic
from evbrief.publishing import browser, declaration, kernels
from evbrief.publishing import manifest as manifest_file
from evbrief.publishing.scope import scope

if TYPE_CHECKING:  # imported where a notebook is run or exported: `render --all` with nothing
    import nbformat  # to render needs neither it nor pandas (see evbrief.publishing.inputs)

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
KERNEL = "evbrief"
FORMATS = declaration.FORMATS
#: where the chart library goes: "inline" in every page (each page a self-contained file), or
#: "shared", one file in assets/ beside the pages that they load by a relative path (a lighter site)
BUNDLES = ("inline", "shared")
META = "evbrief"


class RenderError(RuntimeError):
    """A render that could not complete; the message is one line naming the problem and the fix."""


@dataclass
class RenderResult:
    stem: str
    notebook: str
    parameters: dict
    files: list[Path] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    title: str = ""
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)
    skipped: bool = False  # render_single: nothing changed, the files in place are the report


# --- notebooks and their parameters ------------------------------------------------------------


def notebooks() -> list[str]:
    return sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))


def notebook_path(name: str) -> Path:
    path = NOTEBOOKS_DIR / f"{name}.ipynb"
    if not path.exists():
        from evbrief.document.parameters import did_you_mean

        hint = did_you_mean(name, notebooks())
        raise RenderError(f"unknown notebook {name!r}.{hint} Valid: {', '.join(notebooks())}")
    return path


def declared_parameters(name: str) -> dict:
    """Defaults from the notebook's `parameters` cell, read without a kernel."""
    path = notebook_path(name)
    stat = path.stat()
    # read once per change of the file: `render --all` asks for each report, several times
    return copy.deepcopy(_declared_parameters(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _declared_parameters(path: str, _mtime_ns: int, _size: int) -> dict:
    name = Path(path).stem
    source = _parameters_source(Path(path))
    if source is None:
        return {}
    values: dict = {}
    exec(compile(source, f"{name}:parameters", "exec"), {}, values)  # plain literals only
    return {k: v for k, v in values.items() if not k.startswith("_")}


def _parameters_source(path: Path) -> str | None:
    """The source of the notebook's cell tagged `parameters`, or None.

    Read as JSON, which nbformat 4 files are: nbformat itself (with its schema validation) costs
    a quarter of a second to import, and `render --all` reads every notebook to decide what
    changed. Older formats go through nbformat, which converts them.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    if nb.get("nbformat") != 4:
        import nbformat

        nb = nbformat.read(path, as_version=4)
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return None


def parameter_help(name: str) -> dict[str, str]:
    """The comment beside each parameter in the parameters cell: what it means and allows."""
    helps = {}
    for line in (_parameters_source(notebook_path(name)) or "").splitlines():
        m = re.match(r"\s*(\w+)\s*=.*?#\s*(.*)", line)
        if m:
            helps[m.group(1)] = m.group(2).strip()
    return helps


def check_parameters(name: str, given: dict) -> dict:
    from evbrief.document import parameters as params_mod

    try:
        return params_mod.check(name, declared_parameters(name), given)
    except params_mod.ParameterError as exc:
        raise RenderError(str(exc)) from None


def stem_for(name: str, given: dict, checked: dict) -> str:
    """Output name, one rule for single renders and the publication.

    The report that publication.toml declares with the same notebook and parameters keeps its
    stem there, so a single render replaces it instead of listing it twice. Any other report is
    named by its notebook plus the values that differ from the defaults, lower-cased, with
    underscores kept: `scenarios -p scenario china_accelerates` -> scenarios-china_accelerates.
    """
    declared = declared_stem(name, checked)
    if declared:
        return declared
    defaults = declared_parameters(name)
    parts = [str(checked[k]) for k in given if str(checked[k]) != str(defaults.get(k))]
    slug = "-".join(re.sub(r"[^a-z0-9_]+", "-", p.lower()).strip("-") for p in parts)
    return f"{name}-{slug}" if slug else name


def declared_stem(name: str, checked: dict) -> str | None:
    """The stem publication.toml gives to this notebook with these checked parameters, if any."""
    from evbrief.publishing.declaration import PublicationError, jobs

    try:
        planned = [j for j in jobs() if j.notebook == name]
    except PublicationError:
        return None
    for job in planned:
        try:
            if check_parameters(job.notebook, job.parameters) == checked:
                return job.stem
        except RenderError:
            continue
    return None


# --- steps -------------------------------------------------------------------------------------


def _kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


def _kernel_manager(log_file: Path):
    """A kernel manager whose kernel writes its own chatter to a log file instead of our terminal."""
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw.setdefault("stdout", open(log_file, "ab"))  # noqa: SIM115 (the kernel process owns it)
            kw.setdefault("stderr", kw["stdout"])
            return await super()._async_start_kernel(**kw)

    return LoggedKernelManager


def _cell_label(executed: Path, index: int) -> str:
    """'cell 3 (raise ValueError(...))', numbered as in the stored notebook (without papermill's injected cell)."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
        injected = sum(
            1 for c in nb.cells[:index] if "injected-parameters" in c.metadata.get("tags", [])
        )
        first = nb.cells[index].source.strip().splitlines()[0][:60]
        return f"cell {index + 1 - injected} ({first})"
    except Exception:
        return f"cell {index + 1}"


def execute(
    name: str, parameters: dict, executed: Path, kernel_log: Path | None = None
) -> nbformat.NotebookNode:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    executed.parent.mkdir(parents=True, exist_ok=True)
    if kernels.enabled():  # forked from this process's warm template (evbrief.publishing.kernels)
        extra = {"kernel_manager_class": kernels.kernel_manager_class(kernel_log)}
    else:
        extra = {"kernel_manager_class": _kernel_manager(kernel_log)} if kernel_log else {}
    batch = os.environ.get(progress.BATCH_ENV)
    os.environ[progress.BATCH_ENV] = "1"  # the kernel inherits it: no progress bar in the page
    try:
        nb = pm.execute_notebook(
            str(notebook_path(name)),
            str(executed),
            parameters=parameters,
            kernel_name=_kernel_name(),
            cwd=str(NOTEBOOKS_DIR),
            language="python",
            progress_bar=False,
            log_output=False,
            # papermill otherwise writes the whole notebook (1-3 MB of charts) before and after
            # every cell; it is written once at the end, and on an error with the error in it
            request_save_on_cell_execute=False,
            **extra,
        )
    except PapermillExecutionError as exc:
        raise RenderError(
            f"notebook {name} failed in {_cell_label(executed, exc.cell_index)}: {exc.ename}: "
            f"{exc.evalue.splitlines()[0] if exc.evalue else ''}"
        ) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # kernel did not start, notebook unreadable, ...
        raise RenderError(
            f"notebook {name} could not be executed: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        if batch is None:
            os.environ.pop(progress.BATCH_ENV, None)
        else:
            os.environ[progress.BATCH_ENV] = batch
    return nb  # what papermill wrote to `executed`, without reading it back


def _metadata(nb: nbformat.NotebookNode, role: str) -> dict:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get(META, {})
            if meta.get("role") == role:
                return meta
    return {}


def _all_metadata(nb: nbformat.NotebookNode, role: str) -> list[dict]:
    return [
        o.get("metadata", {}).get(META, {})
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get(META, {}).get("role") == role
    ]


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script (about 0.9 MB), cached across runs."""
    import vl_convert as vlc

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "evbrief"
    file = cache / f"vega-bundle-{vlc.__version__}.js"
    if file.exists():
        return file.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle().replace("</script", "<\\/script")
    try:
        write_text_atomic(file, bundle)
    except OSError:
        pass  # a read-only home only costs time
    return bundle


def vega_asset() -> str:
    """The shared bundle's path relative to the pages; named by version, so pages never load a stale one."""
    import vl_convert as vlc

    return f"assets/vega-bundle-{vlc.__version__}.js"


def _css(title: str, lang: str = "en") -> str:
    css = (TEMPLATES_DIR / "evbrief" / "report.css").read_text(encoding="utf-8")
    running = title.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    css += f'\n@page {{ @top-right {{ content: "{running}"; }} }}\n@page :first {{ @top-right {{ content: none; }} }}\n'
    # the language's own page rules (Japanese: its face, page numbers, line breaking) from its locale
    return css + language.locale(lang).layout.get("css", "")


# what the page template writes by itself, in the report's language
TEMPLATE_LABELS = {
    "edition": "Edition",
    "vintage": "Data vintage",
    "rendered": "Rendered",
    "parameters": "Scope",
    "contents": "Contents",
    "figure": "Figure",
    "source": "Source:",
    "colophon": "Produced with evbrief {version} from sourced data; every number in the text is computed "
    "from the tables listed under Sources.",
    "kicker": "evbrief · Japan–ASEAN automotive strategy",
}


def _contents_words() -> set[str]:
    """The word "Contents" in every language with a locale (the list leaves its own heading out)."""
    return {
        language.locale(code).labels.get("Contents", "Contents") for code in language.languages()
    }


def _toc(body: str) -> str:
    """A nested list of the h2/h3 headings, so the contents need no script."""
    items, open_sub = [], False
    for level, anchor, text in re.findall(
        r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', body, flags=re.S
    ):
        # the heading's own anchor link (nbconvert writes it as &#182;) is not part of its name
        label = re.sub(r'<a class="anchor-link".*?</a>', "", text, flags=re.S)
        label = re.sub(r"<[^>]+>", "", label).replace("¶", "").strip()
        if label in _contents_words():
            continue
        link = f'<li><a href="#{anchor}">{label}</a>'
        if level == "2":
            if open_sub:
                items.append("</ol></li>")
                open_sub = False
            elif items:
                items.append("</li>")
            items.append(link)
        else:
            if not open_sub:
                items.append("<ol>")
                open_sub = True
            items.append(link + "</li>")
    if open_sub:
        items.append("</ol></li>")
    elif items:
        items.append("</li>")
    sections = sum(1 for i in items if i.startswith("<li>") and not i.endswith("</li>"))
    # five sections or more are printed in two columns, so that the first starts higher on page 1
    return ('<ol class="two-columns">' if sections >= 5 else "<ol>") + "".join(items) + "</ol>"


def export_html(
    nb: nbformat.NotebookNode, parameters: dict, interactive: bool = True, bundle: str = "inline"
) -> tuple[str, dict]:
    """The report page and the claims register, from an executed notebook.

    With bundle="shared" the page loads the chart library from vega_asset() instead of inlining it.
    """
    from evbrief.publishing.exporter import to_html

    title = _metadata(nb, "title")
    claims = _metadata(nb, "claims")
    for figure in _all_metadata(nb, "figure"):
        figure["text_alternative"] = text_alternative(figure, title.get("lang", "en"))
    heading = title.get("title") or nb.metadata.get("title", "evbrief report")
    resources = {
        "evbrief": {
            "title": heading,
            "subtitle": title.get("subtitle", ""),
            "edition": title.get("edition", ""),
            "vintage": claims.get("vintage", ""),
            "rendered": os.environ.get("EVBRIEF_RENDER_DATE") or dt.date.today().isoformat(),
            "parameters": {k: v for k, v in parameters.items() if v not in ("", None, {})},
            "scope": scope(parameters, title.get("lang", "en")),  # evbrief.publishing.scope
            "version": __version__,
            "css": _css(heading, title.get("lang", "en")),
            "vega_bundle": vega_bundle() if interactive and bundle == "inline" else "",
            "vega_src": vega_asset() if interactive and bundle == "shared" else "",
            "embed_js": (TEMPLATES_DIR / "evbrief" / "embed.js").read_text(encoding="utf-8"),
            "footer_note": "",
            "title_page": title.get("title_page", False),
            "print_contents": title.get("print_contents", True),
            "lang": title.get("lang", "en"),
            "labels": {
                key: language.t(label, title.get("lang", "en"))
                for key, label in TEMPLATE_LABELS.items()
            },
        }
    }
    body = to_html(nb, resources)
    body = body.replace("<!--EVBRIEF-TOC-->", _toc(body), 1)
    return body, claims


def chart_title(spec: dict) -> str:
    """The headline a chart carries above its plot (charts._finish puts it on the first panel)."""
    for part in spec.get("vconcat", [])[:1]:
        title = part.get("title")
        text = title.get("text") if isinstance(title, dict) else title
        if text:
            return " ".join(text) if isinstance(text, list) else str(text)
    return ""


def text_alternative(figure: dict, lang: str = "en") -> str:
    """What a reader who cannot see the chart is told: its finding (the chart's headline, the
    caption that says what to notice), then what it draws."""
    grammar = language.locale(lang).grammar
    stop = grammar.get("sentence_end", ".")
    parts = [chart_title(figure.get("spec") or {})]
    if figure.get("caption") and figure.get("caption") != figure.get("alt"):
        parts.append(figure["caption"])
    parts.append(figure.get("alt", ""))
    said = []
    for part in (p.strip() for p in parts if p and p.strip()):
        said.append(part if part.endswith((".", "。", "?", "!")) else part + stop)
    return grammar.get("sentence_join", " ").join(said)


def _without_scripts(page: str) -> str:
    return re.sub(r"<!--EVBRIEF-SCRIPTS-->.*?<!--/EVBRIEF-SCRIPTS-->", "", page, flags=re.S)


def _chromium() -> str:
    for candidate in (
        os.environ.get("EVBRIEF_CHROMIUM"),
        "chromium",
        "chromium-browser",
        "google-chrome",
    ):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise RenderError(
        "PDF export needs Chromium, which was not found: run `make setup` (installs Debian's chromium), "
        "set EVBRIEF_CHROMIUM to a Chrome/Chromium binary, or render with --to html"
    )


def chromium_command(html_file: Path, pdf_file: Path, profile: str) -> list[str]:
    """Headless Chromium printing one page to PDF, with nothing reaching for the network."""
    return [
        _chromium(),
        *browser.FLAGS,
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",  # bookmarks, as the kept browser prints them
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_file}",
        html_file.resolve().as_uri(),
    ]


def _warm_browser() -> bool:
    return os.environ.get("EVBRIEF_WARM_BROWSER", "1") not in ("0", "false", "no")


def start_browser() -> None:
    """Start this process's browser ahead of its first PDF (a render worker does, when it starts)."""
    if _warm_browser():
        try:
            browser.shared(_chromium()).ensure_started()
        except (RenderError, OSError):
            pass  # the first PDF reports the problem


def print_pdf(html_file: Path, pdf_file: Path, timeout: float = 180) -> None:
    """Chromium prints the page with its print CSS: A4, running header, page numbers, static charts,
    bookmarks from the headings, tags, and the page's title and language.

    By this process's browser, kept between PDFs and driven by Playwright (evbrief.publishing.browser);
    EVBRIEF_WARM_BROWSER=0 starts one `chromium --print-to-pdf` per page instead.
    """
    if _warm_browser():
        try:
            browser.shared(_chromium()).print_pdf(html_file, pdf_file, timeout)
        except browser.BrowserError as exc:
            raise RenderError(f"Chromium could not print {html_file.name} to PDF: {exc}") from None
        return
    with tempfile.TemporaryDirectory(prefix="evbrief-chromium-") as profile:
        cmd = chromium_command(html_file, pdf_file, profile)
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, start_new_session=True
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"Chromium took more than {timeout:.0f} s to print {html_file.name}"
            ) from None
    if proc.returncode != 0 or not pdf_file.exists() or pdf_file.stat().st_size < 1000:
        detail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise RenderError(f"Chromium could not print {html_file.name} to PDF: {detail[0]}")


def fit_figures(page: str, print_file: Path, pdf_file: Path, rounds: int = 3) -> int:
    """Print again, with smaller figures where one went over and left a page half empty
    (evbrief.publishing.fit), and from the next page a table that left one row alone at the foot
    of a page (evbrief.publishing.table_pages).

    Returns how many figures were set smaller."""
    from evbrief.publishing import fit, table_pages

    if not fit.available():
        return 0
    fitted: dict[int, float] = {}
    moved: set[int] = set()
    for _ in range(rounds):
        more = fit.heights(pdf_file, page, fitted)
        held = moved | (
            table_pages.left_alone_at_foot(pdf_file) if table_pages.available() else set()
        )
        if more == fitted and held == moved:
            break
        fitted, moved = more, held
        style = f"<style>{fit.css(fitted)}</style></head>"
        printed = table_pages.moved(_without_scripts(page), moved)
        print_file.write_text(printed.replace("</head>", style, 1), encoding="utf-8")
        print_pdf(print_file, pdf_file)
    return len(fitted)


# --- the whole render --------------------------------------------------------------------------


def render(
    name: str,
    given: dict | None = None,
    formats: tuple[str, ...] = FORMATS,
    out_dir: Path | None = None,
    stem: str | None = None,
    bundle: str = "inline",
) -> RenderResult:
    given = dict(given or {})
    out_dir = Path(out_dir or REPORTS_DIR)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise RenderError(f"unknown format {bad[0]!r}. Valid: {', '.join(FORMATS)}")
    if bundle not in BUNDLES:
        raise RenderError(f"unknown bundle {bundle!r}. Valid: {', '.join(BUNDLES)}")
    from evbrief.data import tables as data

    checked = check_parameters(name, given)
    problems = data.validate()
    if problems:
        raise RenderError(
            f"the data do not validate ({len(problems)} problem(s)); first: {problems[0]}. "
            "Run `evbrief data validate` for all"
        )
    stem = stem or stem_for(name, given, checked)
    result = RenderResult(stem, name, checked)
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    # staging lives beside reports/ (same file system, so the final moves are atomic renames)
    staging_root = out_dir.parent / f".{out_dir.name}-staging"
    staging_root.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=staging_root))
    try:
        executed_path = staging / "notebooks" / f"{stem}.ipynb"
        kernel_log = staging_root / f"{staging.name}.kernel.log"
        t = time.perf_counter()
        try:
            nb = execute(name, checked, executed_path, kernel_log)
        except RenderError as exc:
            failed = out_dir / "failed"
            failed.mkdir(exist_ok=True)
            if executed_path.exists():
                shutil.copy2(executed_path, failed / executed_path.name)
            if kernel_log.exists():
                shutil.copy2(kernel_log, failed / f"{stem}.kernel.log")
            raise RenderError(
                f"{exc} (executed copy kept in {failed / executed_path.name})"
            ) from None
        result.timings["execute"] = time.perf_counter() - t
        t = time.perf_counter()
        page, claims = export_html(nb, checked, bundle=bundle)
        html_file = staging / f"{stem}.html"
        html_file.write_text(page, encoding="utf-8")
        if bundle == "shared" and "html" in formats:
            (staging / vega_asset()).parent.mkdir(parents=True, exist_ok=True)
            (staging / vega_asset()).write_text(vega_bundle(), encoding="utf-8")
        (staging / f"{stem}.claims.json").write_text(
            json.dumps(
                {"report": stem, "notebook": name, "parameters": checked, **claims},
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        for attachment in _all_metadata(nb, "attachment"):
            # named after the report (scenarios-china_accelerates-backtest.csv), so that no report
            # overwrites another's; never a path outside the staging folder
            name = f"{stem}-{Path(attachment['filename']).name}"
            (staging / name).write_text(attachment["csv"], encoding="utf-8")
        result.timings["html"] = time.perf_counter() - t
        if "pdf" in formats:
            t = time.perf_counter()
            # print shows the static charts, so the page printed needs no scripts: Chromium then
            # neither parses the chart library nor draws the interactive charts it would hide
            print_file = staging_root / f"{staging.name}.print.html"
            print_file.write_text(_without_scripts(page), encoding="utf-8")
            print_pdf(print_file, staging / f"{stem}.pdf")
            result.timings["fitted"] = fit_figures(page, print_file, staging / f"{stem}.pdf")
            print_file.unlink()
            result.timings["pdf"] = time.perf_counter() - t
        if "html" not in formats:
            html_file.unlink()
        result.tables = sorted(claims.get("tables", []))
        result.title = _metadata(nb, "title").get("title", "")
        result.files = _commit(staging, out_dir)
        _record(out_dir, result, claims)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for leftover in (
            staging_root / f"{staging.name}.kernel.log",
            staging_root / f"{staging.name}.print.html",
        ):
            leftover.unlink(missing_ok=True)
        try:
            staging_root.rmdir()  # only when no other render is using it
        except OSError:
            pass
    result.seconds = time.perf_counter() - started
    return result


def render_single(
    name: str,
    given: dict | None = None,
    formats: tuple[str, ...] = FORMATS,
    out_dir: Path | None = None,
    force: bool = False,
) -> RenderResult:
    """`evbrief render NAME`: one report, skipped when nothing it depends on changed since it was
    rendered into `out_dir` (by this command or by `render --all`), and its inputs recorded in the
    manifest so that the next render, single or `--all`, can skip it too.

    The decision is the publication's (evbrief.publishing.inputs): the same hashes, read with the
    standard library; the recorded parameters are reused when their check read the same files.
    A skipped result has `skipped` set and the files already in place."""
    from evbrief.publishing import inputs

    given = dict(given or {})
    out_dir = Path(out_dir or REPORTS_DIR)
    notebook = notebook_path(name)
    lib = inputs.library_hash()
    try:
        digests = inputs.table_digests()
    except (OSError, ValueError, KeyError):
        digests = None  # the render's own check says what is wrong with the data
    key = inputs.check_key(notebook, given, lib, digests) if digests is not None else ""
    if digests is not None and not force:
        done = _unchanged(name, formats, out_dir, key, lib, digests)
        if done is not None:
            return done
    result = render(name, given, formats=formats, out_dir=out_dir)
    if digests is not None:  # taken before the render: a table edited meanwhile renders it again
        update_manifest(
            out_dir,
            result.stem,
            {
                "inputs": inputs.inputs_hash(
                    notebook, formats, result.parameters, result.tables, lib, "inline", digests
                ),
                "tables": result.tables,
                "checked_with": key,
            },
        )
    return result


def _unchanged(
    name: str, formats, out_dir: Path, key: str, lib: str, digests: dict
) -> RenderResult | None:
    """The report as rendered before, when its inputs are those recorded in the manifest; else None."""
    from evbrief.publishing import inputs

    for stem, entry in read_manifest(out_dir)["reports"].items():
        if entry.get("notebook") != name or entry.get("checked_with") != key:
            continue
        if "inputs" not in entry or not all((out_dir / f).exists() for f in entry["files"]):
            return None
        made_from = inputs.inputs_hash(
            notebook_path(name),
            formats,
            entry["parameters"],
            entry.get("tables"),
            lib,
            "inline",
            digests,
        )
        if entry["inputs"] != made_from:
            return None
        result = RenderResult(stem, name, entry["parameters"], tables=entry.get("tables", []))
        result.files = [out_dir / f for f in entry["files"]]
        result.title = entry.get("title", "")
        result.skipped = True
        return result
    return None


def _commit(staging: Path, out_dir: Path) -> list[Path]:
    """Move every finished file into place; signals wait until the moves are done."""
    moved = []
    old = (
        {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
        if _main_thread()
        else {}
    )
    try:
        for file in sorted(staging.rglob("*")):
            if file.is_file():
                target = out_dir / file.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)
                moved.append(target)
        for notebook in staging.glob("notebooks/*.ipynb"):
            stale = out_dir / "failed" / notebook.name
            if stale.exists():
                stale.unlink()
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
    return moved


def _main_thread() -> bool:

    return threading.current_thread() is threading.main_thread()


# --- the catalogue -----------------------------------------------------------------------------

MANIFEST = manifest_file.MANIFEST


read_manifest = manifest_file.read


def lock_file(out_dir: Path) -> Path:
    """Beside the published folder, never in it: reports/ holds only what readers get."""
    out_dir = Path(out_dir).resolve()
    return out_dir.parent / f".{out_dir.name}.lock"


@contextmanager
def _manifest_lock(out_dir: Path):
    import fcntl

    with open(lock_file(out_dir), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_manifest(out_dir: Path, manifest: dict) -> None:
    write_text_atomic(
        out_dir / MANIFEST,
        json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
    )


def record_order(out_dir: Path, stems: list[str]) -> None:
    """Keep the publication's declared order in the manifest, for the index (written only on change)."""
    set_manifest(out_dir, "order", list(stems))


def set_manifest(out_dir: Path, key: str, value) -> None:
    """One top-level entry of the manifest, written under the lock and only when it changes."""
    with _manifest_lock(out_dir):
        manifest = read_manifest(out_dir)
        if manifest.get(key) != value:
            manifest[key] = value
            write_manifest(out_dir, manifest)


def update_manifest(out_dir: Path, stem: str, fields: dict) -> None:
    with _manifest_lock(out_dir):
        manifest = read_manifest(out_dir)
        manifest["reports"].setdefault(stem, {}).update(fields)
        write_manifest(out_dir, manifest)


def _record(out_dir: Path, result: RenderResult, claims: dict) -> None:
    with _manifest_lock(out_dir):
        manifest = read_manifest(out_dir)
        # a report rendered again replaces its files: any it no longer has are removed, unless
        # another report lists it (folders from before each back-test file was named after its
        # report list scenarios-backtest.csv under every scenarios report)
        written = {str(f.relative_to(out_dir)) for f in result.files}
        previous = manifest["reports"].get(result.stem, {}).get("files", [])
        others = {
            f
            for stem, entry in manifest["reports"].items()
            if stem != result.stem
            for f in entry.get("files", [])
        }
        for rel in set(previous) - written - others:
            (out_dir / rel).unlink(missing_ok=True)
        manifest["reports"][result.stem] = {
            "notebook": result.notebook,
            "title": result.title,
            "parameters": result.parameters,
            "files": sorted(str(f.relative_to(out_dir)) for f in result.files),
            "rendered": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vintage": claims.get("vintage", ""),
            "tables": result.tables,
        }
        write_manifest(out_dir, manifest)
        write_index(out_dir, manifest)


def write_index(out_dir: Path, manifest: dict | None = None) -> Path:
    """reports/index.html, the publication's front door (evbrief.publishing.landing)."""
    from evbrief.publishing import landing

    return landing.write_index(out_dir, manifest)

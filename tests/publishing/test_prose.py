"""Words in the notebooks, facts in the library.

The analysis modules hand facts (claims, names, marks) and figures to the notebooks; the notebooks word
every sentence. These tests hold both sides to it: no analysis module writes or shows a sentence, every
sentence of the rendered briefing is a template of briefing.ipynb, and an edit in the notebook reaches
the page with its claims intact.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from evbrief import PROJECT_ROOT
from evbrief.publishing import publish

LIB = PROJECT_ROOT / "lib" / "evbrief"
# the modules that compute what the reports say; publishing, data and command-line modules write other
# texts (error messages, the data catalogue, the index) and are not held to this rule
ANALYSIS = tuple(
    p
    for p in sorted(
        str(p.relative_to(LIB).with_suffix(""))
        for stage in ("analysis", "document", "sections")
        for p in (LIB / stage).glob("*.py")
        if p.stem != "__init__"
    )
    # parameters and report write error messages and the page's furniture, not what a report says
    if p not in ("document/parameters", "document/report")
) + ("data/countries",)
LABEL_WORDS = 14  # a label (axis title, legend, subtitle) is shorter; a sentence of prose is not
SHOWING = {"markdown", "md", "say"}  # the Report methods that put prose on the page


def _strings(tree: ast.AST):
    """String literals and f-strings outside docstrings and raise statements (error messages)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Raise):
            skip |= {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value
        elif isinstance(node, ast.JoinedStr):
            skip |= {id(n) for n in ast.walk(node)}
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node, text


@pytest.mark.parametrize("module", ANALYSIS)
def test_analysis_modules_write_no_prose(module: str) -> None:
    path = LIB / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node, text in _strings(tree):
        if len(text.split()) > LABEL_WORDS:
            problems.append(f"{path.name}:{node.lineno}: a sentence in the library: {text[:80]!r}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SHOWING
        ):
            problems.append(f"{path.name}:{node.lineno}: shows prose with .{node.func.attr}()")
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "display":
            problems.append(f"{path.name}:{node.lineno}: displays output itself")
    assert not problems, "\n".join(problems)


def test_the_prose_rule_catches_a_sentence(tmp_path: Path) -> None:
    """The rule above is not vacuous: a module that words a paragraph fails it."""
    bad = (
        "def overview(rep):\n"
        "    rep.markdown(rep.say('Electric cars were {s} of new cars sold in {n} in {y}, against "
        "{w} worldwide and {j} in Japan.', s=1))\n"
    )
    tree = ast.parse(bad)
    long_ones = [t for _, t in _strings(tree) if len(t.split()) > LABEL_WORDS]
    calls = [
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in SHOWING
    ]
    assert long_ones and set(calls) == {"markdown", "say"}


# --- every sentence of the page is a template of the notebook ------------------------------------


def notebook_templates(path: Path) -> list[str]:
    """The texts a notebook can put on the page: its Markdown cells and the strings of its code."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if "notebook-only" in cell["metadata"].get("tags", []):
            continue
        if cell["cell_type"] == "markdown":
            found += [line for line in source.splitlines() if line.strip()]
        elif cell["cell_type"] == "code":
            found += [text for _, text in _strings(ast.parse(source))]
    return found


def plain(text: str) -> str:
    """A template or page text as it reads: no Markdown marks, one space between words."""
    text = re.sub(r"^#+\s+|^\s*[-*]\s+", "", text, flags=re.M)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # a link reads as its text
    text = text.replace("**", "").replace("`", "").replace("\\n", " ")
    return re.sub(r"\s+", " ", text).strip()


def template_pattern(template: str) -> re.Pattern | None:
    """A template as a pattern: fixed words literally, each {field} as any text.

    A field inside the template matches lazily; a field at either end matches up to the end of the
    clause, so that "... in {when}" takes all of "2025 (first half)".
    """
    parts = re.split(r"\{[^{}]*\}", plain(template))
    literal = "".join(parts).strip()
    if len(parts) > 1 and len(re.sub(r"\W", "", literal)) < 2:
        return None  # a template of fields only matches anything: it proves nothing
    if not literal:
        return None
    inner, edge = r".{0,240}?", r"(?:(?![.;!?。](?:\s|$)).){0,240}"
    body = inner.join(re.escape(p) for p in parts[1:-1]) if len(parts) > 2 else ""
    if len(parts) == 1:
        regex = re.escape(parts[0])
    else:
        regex = (
            (edge if parts[0] == "" else "")
            + re.escape(parts[0])
            + inner
            + (body + inner if body else "")
            + re.escape(parts[-1])
            + (edge if parts[-1] == "" else "")
        )
    return re.compile(regex, re.I | re.S)


class _Prose(HTMLParser):
    """The text of the page's prose sections (not the title block, tables, figures or sources)."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self._depth = 0
        self._table = 0

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self._table += tag == "table"
        if self._depth:
            self._depth += tag == "section"
        elif tag == "section" and "prose" in cls.split() and "references" not in cls.split():
            self._depth = 1
            self.sections.append("")

    def handle_endtag(self, tag):
        self._table -= tag == "table"
        if self._depth and tag == "section":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth and not self._table:  # a table's cells are data, not sentences
            self.sections[-1] += data


def unexplained(page: Path, notebook: Path) -> list[str]:
    """The parts of the page's prose that no template of the notebook accounts for."""
    patterns = [
        p
        for p in map(template_pattern, sorted(notebook_templates(notebook), key=len, reverse=True))
        if p
    ]
    parser = _Prose()
    parser.feed(page.read_text(encoding="utf-8"))
    left = []
    for section in parser.sections:
        text = plain(section.replace("¶", " "))
        for _ in range(2):  # a template may only match once the sentences inside it are gone
            for pattern in patterns:
                text = pattern.sub(" ", text)
        # what may remain: citation marks, list numbers, punctuation
        rest = re.sub(r"\[[\d–, ]+\]|\b\d+\.|[\s.,;:()。、「」（）]", "", text)
        if rest:
            left.append(f"{rest[:120]!r} in: {plain(section)[:160]!r}")
    return left


def test_every_sentence_of_the_briefing_is_a_template_of_its_notebook(publication_dir: Path):
    for stem, name in (
        ("briefing", "briefing"),
        ("briefing_ja", "briefing_ja"),
    ):
        left = unexplained(publication_dir / f"{stem}.html", publish.notebook_path(name))
        assert not left, f"{stem}.html says what {name}.ipynb does not word:\n  " + "\n  ".join(
            left
        )


def test_a_sentence_the_notebook_does_not_hold_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<section class="prose"><p>Plug-in cars were 18% of new cars sold in Vietnam in 2025, '
        "against 25% worldwide and 3.0% in Japan [1].</p>"
        '</section><section class="prose"><p>A sentence typed by hand with 42 in it.</p></section>',
        encoding="utf-8",
    )
    left = unexplained(page, publish.notebook_path("briefing"))
    assert len(left) == 1 and "typed by hand" in left[0]


# --- an analyst's edit reaches the page ------------------------------------------------------------


@pytest.mark.render
def test_an_edited_sentence_reaches_the_page_with_its_claims(tmp_path: Path, monkeypatch) -> None:
    from tests.publishing import test_claims

    notebooks = tmp_path / "notebooks"
    shutil.copytree(PROJECT_ROOT / "notebooks", notebooks)
    path = notebooks / "briefing.ipynb"
    old = "Japan and ASEAN have held {events} meetings or taken decisions towards a joint automotive strategy"
    new = "In an analyst's new wording, the record holds {events} meetings or decisions on the joint strategy"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(publish, "NOTEBOOKS_DIR", notebooks)

    result = publish.render("briefing", {}, formats=("html",), out_dir=tmp_path / "reports")
    page = (tmp_path / "reports" / "briefing.html").read_text(encoding="utf-8")
    shown = new.split("{events}")
    text_of_page = page.replace("&#x27;", "'").replace("&#39;", "'")
    assert shown[0] in text_of_page and shown[1] in text_of_page and old.split("{")[0] not in page
    register = json.loads((tmp_path / "reports" / "briefing.claims.json").read_text())
    moved = [c for c in register["claims"] if shown[0] in c["sentence"]]
    assert moved, "the claims of the edited sentence carry the new wording"
    text = test_claims.page_text(tmp_path / "reports" / "briefing.html")
    for c in register["claims"]:
        expected, tol, _ = test_claims.recompute(c, register.get("parameters", {}))
        assert test_claims.agrees(c["value"], expected, tol), c["name"]
        assert test_claims.sentence_text(c["sentence"]) in text, c["name"]
    assert result.stem == "briefing"


# --- a clean reference list ------------------------------------------------------------------------

AUDIT_TRAIL = (
    re.compile(r"\[Title is"),
    re.compile(r"\b[0-9a-f]{40}\b"),  # a commit hash
    re.compile(r"\bcommit\b", re.I),
    re.compile(r"\\[\\`*_\[\]#|~.()!<>-]"),  # a Markdown escape that reached the reader
)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text, self._on = "", 0

    def handle_starttag(self, tag, attrs):
        if self._on:
            self._on += tag == "section"
        elif tag == "section" and "references" in (dict(attrs).get("class") or "").split():
            self._on = 1

    def handle_endtag(self, tag):
        if self._on and tag == "section":
            self._on -= 1
            self.text += "\n"

    def handle_data(self, data):
        if self._on:
            self.text += data


def reference_problems(page: str) -> list[str]:
    parser = _References()
    parser.feed(page)
    return [
        f"{pattern.pattern!r} in {line.strip()[:140]!r}"
        for line in parser.text.splitlines()
        for pattern in AUDIT_TRAIL
        if pattern.search(line)
    ]


def test_reference_lists_read_as_citations_not_an_audit_trail(publication_dir: Path) -> None:
    problems = [
        f"{page.name}: {p}"
        for page in sorted(publication_dir.glob("*.html"))
        for p in reference_problems(page.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


def test_an_audit_trail_in_a_reference_is_found() -> None:
    page = (
        '<section class="prose references"><ol><li>USGS (2025). <em>Nickel</em>. '
        "https://github.com/x/y/blob/ad87eb5e164ba6cd808f7d3a81be43ea5cf21184/n.txt. Note: read "
        "via commit ad87eb5e [Title is descriptive]. A \\* star.</li></ol></section>"
    )
    assert len(reference_problems(page)) == 4


def test_the_japanese_edition_prints_its_title_as_text(publication_dir: Path) -> None:
    """pdftotext returns the Japanese title: the CJK font is embedded and its text maps back."""
    from tests import pdfcheck

    first = pdfcheck.poppler_text(publication_dir / "briefing_ja.pdf", "-l", "1")
    assert "日ASEAN自動車戦略と中国のEV優位" in "".join(first.split())


# --- a missing fact is worded, never printed as Python's None -------------------------------------

# None or NaN as a word of its own; letters on either side (Nonetheless, finance) do not count, but CJK
# characters do, as in 市場全体のNoneを占める
MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN)(?![A-Za-z])")


def missing_shown(text: str) -> list[str]:
    """Where a page prints None or NaN for a fact the data do not give. A sentence or a table cell
    may still begin with the English word None."""
    found = []
    for m in MISSING.finditer(text):
        before = text[: m.start()].rstrip(" ")
        if m.group() == "None" and (not before or before[-1] in ".!?:\n|"):
            continue
        found.append(text[max(0, m.start() - 60) : m.end() + 30])
    return found


def test_no_page_prints_none_for_a_missing_fact(publication_dir: Path) -> None:
    from tests.publishing import test_claims

    shown = [
        f"{page.name}: {s!r}"
        for page in sorted(publication_dir.glob("*.html"))
        for s in missing_shown(test_claims.page_text(page))
    ]
    assert not shown, "\n".join(shown)


def test_a_fact_printed_as_none_is_found() -> None:
    assert missing_shown("Japanese brands would hold None of the whole market but 4.2%.")
    assert missing_shown("日本ブランドは市場全体のNoneを占める一方")
    assert missing_shown("Share in 2035: nan%")
    assert not missing_shown(
        "None of the members publishes it.\nNone\nJapanese firms none; finance."
    )

"""Every notebook of the publication executes on the shipped data and lands in the catalogue."""

from __future__ import annotations

import json
import unicodedata

from evbrief.data import countries
from evbrief.publishing import publication, publish


def test_every_declared_report_is_rendered_and_indexed(publication_dir):
    index = (publication_dir / "index.html").read_text()
    for job in publication.jobs():
        for fmt in job.formats:
            assert (publication_dir / f"{job.stem}.{fmt}").stat().st_size > 1000, (job.stem, fmt)
            assert f'href="{job.stem}.{fmt}"' in index


def test_all_ten_members_have_a_profile(publication_dir):
    for code in countries.ASEAN:
        page = (publication_dir / f"country-{code.lower()}.html").read_text()
        assert countries.name(code) in page


def test_every_notebook_in_notebooks_is_published():
    published = {j.notebook for j in publication.jobs()}
    assert set(publish.notebooks()) == published


def test_members_without_data_get_sentences_not_empty_charts(publication_dir):
    page = (publication_dir / "country-brn.html").read_text()
    assert "publishes no electric-car sales for Brunei" in page
    assert "OICA" in page


def test_backtest_errors_are_kept_as_csv(publication_dir):
    lines = (publication_dir / "scenarios-backtest.csv").read_text().splitlines()
    header = lines[0].split(",")
    for column in ("area", "origin", "horizon", "year", "method", "projected_pct", "observed_pct"):
        assert column in header, column
    assert len(lines) > 50


def test_scenario_reports_state_their_difference(publication_dir):
    for stem in ("scenarios-strategy_delivered", "scenarios-china_accelerates"):
        claims = json.loads((publication_dir / f"{stem}.claims.json").read_text())["claims"]
        gaps = [c for c in claims if c["detail"]["kind"] == "scenario_gap"]
        assert {c["detail"]["year"] for c in gaps} == {2030, 2035}
        # the title and the text name every parameter the scenario changes
        from evbrief.analysis import scenarios
        from evbrief.sections import outlook

        name = stem.split("-", 1)[1]
        page = (publication_dir / f"{stem}.html").read_text(encoding="utf-8")
        assert scenarios.label(name) in page.split("</h1>")[0]
        for key in outlook.changes(name)["parameter"]:
            assert key in page, (stem, key)


def test_notebooks_are_stored_without_outputs():
    for name in publish.notebooks():
        nb = json.loads(publish.notebook_path(name).read_text())
        for cell in nb["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, name
        tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, name


def test_every_chart_spec_is_valid_vega_lite(publication_dir):
    """Specs are not validated at render time (it was most of the render's cost), so they are here."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    specs = 0
    for file in (publication_dir / "notebooks").glob("*.ipynb"):
        nb = json.loads(file.read_text())
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                meta = output.get("metadata", {}).get("evbrief", {})
                if meta.get("role") == "figure":
                    validate_jsonschema(meta["spec"], schema)
                    specs += 1
    assert specs > 50


def test_shards_partition_the_publication():
    planned = publication.jobs()
    parts = [publication.shard(planned, f"{k}/4") for k in range(1, 5)]
    stems = [j.stem for part in parts for j in part]
    assert sorted(stems) == sorted(j.stem for j in planned)
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert publication.shard(planned, "2/4") == parts[1]  # stable


def test_assembling_shards_gives_one_publication(publication_dir, tmp_path):
    import shutil

    planned = publication.jobs()
    shards = []
    for k in (1, 2):
        folder = tmp_path / f"shard{k}"
        folder.mkdir()
        mine = publication.shard(planned, f"{k}/2")
        manifest = publish.read_manifest(publication_dir)
        part = {"reports": {j.stem: manifest["reports"][j.stem] for j in mine}}
        for j in mine:
            for rel in manifest["reports"][j.stem]["files"]:
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(publication_dir / rel, folder / rel)
        publish.write_manifest(folder, part)
        shards.append(folder)
    out = tmp_path / "assembled"
    assert publication.assemble(shards, out) == len(planned)
    index = (out / "index.html").read_text()
    assert all(f'href="{j.stem}.html"' in index for j in planned)
    assert (out / "data.html").exists()


def _figures(publication_dir, stem):
    nb = json.loads((publication_dir / "notebooks" / f"{stem}.ipynb").read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("evbrief", {})
            if meta.get("role") == "figure":
                yield meta


def test_every_chart_title_and_source_line_is_in_its_pdf(publication_dir):
    """The charts are drawn as text in the PDF, so a title or source line cut off or missing shows here."""
    from . import pdfcheck

    for job in publication.jobs():
        text = "".join(pdfcheck.text(publication_dir / f"{job.stem}.pdf").split())
        for fig in _figures(publication_dir, job.stem):
            inner = fig["spec"]["vconcat"][0]["title"]
            title = inner["text"] if isinstance(inner, dict) else inner
            source = fig["spec"]["title"]["text"]
            # long text is wrapped into a list of lines; every line of the source must print in full
            titles = title if isinstance(title, list) else [title]
            sources = source if isinstance(source, list) else [source]
            # the PDF text is NFKC-normalised (see pdfcheck.text): the spec's text is compared the same way
            for line in titles:
                line = unicodedata.normalize("NFKC", line)
                assert "".join(line.split())[:60] in text, (job.stem, line)
            for line in sources:
                line = unicodedata.normalize("NFKC", line)
                assert "".join(line.split()) in text, (job.stem, line)


def test_every_figure_and_table_cites_a_listed_source(publication_dir):
    import re

    for stem in ("briefing", "briefing-tha", "briefing-idn"):
        page = (publication_dir / f"{stem}.html").read_text()
        references = page.split('id="Sources"')[-1].split("</ol>")[0]
        listed = set(range(1, references.count("<li>") + 1))
        marks = re.findall(r'class="cites">Source: ([^<]+)<', page)
        marks += re.findall(r'class="evb-caption"[^>]*>[^<]*Source: ([^<]+)</th>', page)
        # the briefing's figures and tables, each cited (a member edition has fewer: 3 or more)
        assert len(marks) >= (5 if stem == "briefing" else 3) and listed, stem
        for mark in marks:
            for part in re.findall(r"\d+(?:–\d+)?", mark):
                lo, _, hi = part.partition("–")
                for n in range(int(lo), int(hi or lo) + 1):
                    assert n in listed, (stem, mark)


def test_japanese_text_is_printed_with_a_cjk_font(publication_dir):
    """Sources cited in Japanese must not print as empty boxes: a font covering Japanese is installed (by
    `make`) and the PDF carries the characters."""
    import re
    import subprocess

    from . import pdfcheck

    assert subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True).stdout.strip()
    checked = 0
    for job in publication.jobs():
        page = publish._without_scripts((publication_dir / f"{job.stem}.html").read_text())
        found = re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]+", page)
        if not found:
            continue
        # poppler's pdftotext maps the CJK glyphs back to the characters (pypdf returns Kangxi radicals)
        pdf = publication_dir / f"{job.stem}.pdf"
        text = "".join(pdfcheck.poppler_text(pdf).split())
        # by character: pdftotext may interleave a wrapped line that mixes scripts with the next line,
        # which splits a word without losing any of its characters
        assert all(ch in text for word in found[:8] for ch in word), job.stem
        checked += 1
    assert checked >= 1

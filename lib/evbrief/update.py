"""`evbrief data update`: rebuild a table from a newer release of its source, checked before it lands."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from . import data
from .files import write_text_atomic
from .sources import iea
from .sources.common import write_csv_atomic


class UpdateError(ValueError):
    """The new release cannot replace the table; the shipped table is left as it was."""


SUPPORTED = ("ev_sales",)


def update_table(table: str, location: str, edition: int | None = None, data_dir=None) -> str:
    if table not in SUPPORTED:
        raise UpdateError(f"no updater for table {table!r}. Supported: {', '.join(SUPPORTED)}")
    folder = data.data_dir(data_dir)
    path = iea.fetch(location)
    try:
        release, found = iea.read_release(path)
    except iea.SourceFormatError as exc:
        raise UpdateError(str(exc)) from None
    edition = edition or found
    if edition is None:
        raise UpdateError(
            f"{path.name}: cannot tell the edition year from the file; give --edition YEAR"
        )
    source_id = f"iea-gevo-{edition}"
    try:
        frame = iea.build_ev_sales(release, source_id)
    except iea.SourceFormatError as exc:
        raise UpdateError(str(exc)) from None

    package = data.read_package(folder)
    res = data.resource(table, package)
    old = res["sources"][0]
    res["sources"] = [
        {
            **old,
            "id": source_id,
            "title": f"Global EV Data Explorer {edition} (data of the Global EV Outlook {edition})",
            "year": edition,
            "path": f"https://www.iea.org/reports/global-ev-outlook-{edition}",
            "attribution": f"IEA ({edition}), Global EV Outlook {edition}, "
            f"https://www.iea.org/reports/global-ev-outlook-{edition}, Licence: CC BY 4.0",
            "note": f"Rebuilt by `evbrief data update` from {Path(location).name}.",
        }
    ]

    # check the new table in a scratch copy of the folder before anything in data/ changes
    with tempfile.TemporaryDirectory(prefix="evbrief-update-") as scratch:
        scratch = Path(scratch)
        for file in folder.iterdir():
            if file.is_file():
                shutil.copy2(file, scratch / file.name)
        write_csv_atomic(frame, scratch / res["path"])
        (scratch / data.PACKAGE_FILE).write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        )
        problems = [p for p in data.validate(scratch) if res["path"] in p.file or table in p.file]
        if problems:
            raise UpdateError(f"the rebuilt {table} does not validate: {problems[0]}")
        write_csv_atomic(frame, folder / res["path"])
        write_text_atomic(
            folder / data.PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        )
    years = f"{int(frame['year'].min())}-{int(frame['year'].max())}"
    return f"{table}: {len(frame)} rows, {frame['area'].nunique()} areas, {years}, from IEA edition {edition}"

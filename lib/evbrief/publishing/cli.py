"""The `evbrief` command: list the notebooks, render reports, validate and update the data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evbrief import __version__


def _fail(message: str, code: int = 2) -> int:
    print(f"evbrief: error: {message}", file=sys.stderr)
    return code


def _parse_params(pairs: list[list[str]] | None) -> dict:
    return {key: value for key, value in (pairs or [])}


def cmd_list(args) -> int:
    from evbrief.document import parameters
    from evbrief.publishing import publication, publish

    for name in publish.notebooks():
        print(name)
        helps = publish.parameter_help(name)
        declared = {
            k: parameters.FOLLOWS_DATA.get(k, v)
            for k, v in publish.declared_parameters(name).items()
        }
        width = max([len(f"{k} {v!r}") for k, v in declared.items()] + [10])
        for key, default in declared.items():
            spec = parameters.SPECS.get(key)
            allowed = spec.allowed() if spec else "any"
            note = (
                "; default: the latest year in the data" if key in parameters.FOLLOWS_DATA else ""
            )
            print(
                f"  -p {f'{key} {default!r}':<{width}}  {helps.get(key, '')}{note}  "
                f"[allowed: {allowed}]"
            )
    print("\nthe publication (`evbrief render --all`):")
    try:
        planned = publication.jobs()
    except publication.PublicationError as exc:
        return _fail(str(exc), 1)
    width = max(len(j.stem) for j in planned) if planned else 10
    for job in planned:
        params = " ".join(f"-p {k} {v}" for k, v in job.parameters.items())
        print(f"  {job.stem:<{width}}  {job.notebook:<17} {params:<30} -> {', '.join(job.formats)}")
    return 0


def cmd_render(args) -> int:
    from evbrief.publishing import publication, publish

    formats = tuple(f.strip() for f in args.to.split(",") if f.strip())
    out_dir = Path(args.out) if args.out else None
    if args.all:
        if args.name or args.param:
            return _fail("--all renders the declared publication; give no NAME or -p with it")
        if args.jobs is not None and args.jobs < 1:
            return _fail("--jobs must be at least 1")
        if args.edition:
            from evbrief.publishing import editions

            try:  # a bad label is refused before 27 reports are rendered for it
                editions.check_label(args.edition)
            except ValueError as exc:
                return _fail(str(exc))
        code, _ = publication.render_all(
            formats=formats if args.to_given else None,
            out_dir=out_dir,
            jobs_n=args.jobs,
            force=args.force,
            shard_spec=args.shard,
            parameters={"edition": args.edition} if args.edition else None,
            bundle="shared" if args.shared_bundle else "inline",
        )
        if code == 0 and args.edition:
            return _edition(args.edition, out_dir or publish.REPORTS_DIR, formats)
        return code
    if args.shard or args.jobs or args.edition or args.shared_bundle:
        return _fail("--shard, --jobs, --edition and --shared-bundle apply to --all")
    if not args.name:
        return _fail("give a notebook NAME (see `evbrief list`) or --all")
    try:
        result = publish.render_single(
            args.name, _parse_params(args.param), formats, out_dir, force=args.force
        )
    except publish.RenderError as exc:
        return _fail(str(exc), 1)
    for file in result.files:
        print(file)
    if result.skipped:
        print(
            f"{result.stem} is up to date: nothing it depends on changed (--force renders it again)",
            file=sys.stderr,
        )
    else:
        print(f"rendered {result.stem} in {result.seconds:.1f} s", file=sys.stderr)
    return 0


def _edition(label: str, out_dir: Path, formats: tuple[str, ...]) -> int:
    """Archive the rendered publication as edition `label`, then render what changed since the last."""
    from evbrief.publishing import editions, publish

    try:
        folder = editions.archive(out_dir, label)
        result = publish.render(
            "changes", {"edition": label}, formats=formats, out_dir=out_dir, stem="changes"
        )
    except (ValueError, publish.RenderError) as exc:
        return _fail(str(exc), 1)
    publish.write_index(out_dir)
    pages = [f for f in result.files if f.suffix in (".html", ".pdf")]
    print(f"edition {label} archived in {folder}", file=sys.stderr)
    for page in pages:
        print(page)
    return 0


def cmd_assemble(args) -> int:
    from evbrief.publishing import publication, publish

    try:
        n = publication.assemble(
            [Path(s) for s in args.shards], Path(args.out) if args.out else publish.REPORTS_DIR
        )
    except publication.PublicationError as exc:
        return _fail(str(exc), 1)
    print(f"assembled {n} reports")
    return 0


def cmd_validate(args) -> int:
    from evbrief.data import tables as data

    problems = data.validate(args.data_dir)
    folder = data.data_dir(args.data_dir)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"evbrief: {len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: {len(data.table_names(args.data_dir))} tables valid")
    return 0


def cmd_stale(args) -> int:
    from evbrief.data import clock
    from evbrief.data import tables as data

    if args.months < 0:
        return _fail("--months must be 0 or more")
    try:
        due = clock.due(args.months, args.data_dir)
    except data.DataError as exc:
        return _fail(str(exc).splitlines()[0] + " (run `evbrief data validate`)", 1)
    total = sum(len(rows) for rows in due.values())
    print(
        f"{total} status, plan, pledge or policy row(s) due for a check "
        f"(checked or stated more than {args.months} months before {clock.today()}):"
    )
    for table, rows in due.items():
        print(f"\n{table} ({len(rows)})")
        for row in rows:
            print(f"  {row}")
    return 0


def cmd_update(args) -> int:
    from evbrief.data import update

    try:
        message = update.update_table(
            args.table,
            args.source,
            edition=args.edition,
            data_dir=args.data_dir,
            allow_removals=args.allow_removals,
            dry_run=args.dry_run,
        )
    except (update.UpdateError, FileNotFoundError) as exc:
        return _fail(str(exc), 1)
    print(message)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evbrief", description=__doc__)
    parser.add_argument("--version", action="version", version=f"evbrief {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="notebooks, their parameters, and what the publication renders")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("render", help="render one report, or the whole publication with --all")
    p.add_argument("name", nargs="?", help="notebook name (see `evbrief list`)")
    p.add_argument(
        "-p", "--param", nargs=2, action="append", metavar=("KEY", "VALUE"), help="set a parameter"
    )
    p.add_argument(
        "--to", default="html,pdf", help="formats, comma-separated: html,pdf (default both)"
    )
    p.add_argument("--out", help="output folder (default reports/)")
    p.add_argument(
        "--all", action="store_true", help="render the publication declared in publication.toml"
    )
    p.add_argument("--jobs", type=int, help="reports rendered at once (default: one per core)")
    p.add_argument(
        "--force",
        action="store_true",
        help="render every report (or the one named), even those whose inputs did not change",
    )
    p.add_argument(
        "--shard", metavar="K/N", help="render only the K-th of N stable parts of the publication"
    )
    p.add_argument(
        "--edition",
        metavar="LABEL",
        help="with --all: label the reports, archive their claims and data under "
        "editions/LABEL/, and render changes.html against the previous edition",
    )
    p.add_argument(
        "--shared-bundle",
        action="store_true",
        help="with --all: one chart library in assets/ beside the pages instead of one in every page "
        "(a lighter site that still works offline as a folder; single reports stay self-contained)",
    )
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("assemble", help="merge shard folders into one publication with its index")
    p.add_argument("shards", nargs="+", help="reports folders rendered with --shard")
    p.add_argument("--out", default=None, help="output folder (default reports/)")
    p.set_defaults(func=cmd_assemble)

    p = sub.add_parser("data", help="check or refresh the tables in data/")
    dsub = p.add_subparsers(dest="data_command", required=True)
    v = dsub.add_parser("validate", help="check every table against its schema and sources")
    v.add_argument("--data-dir", help="a folder laid out like data/ (default: the shipped data/)")
    v.set_defaults(func=cmd_validate)
    st = dsub.add_parser(
        "stale",
        help="the statuses, plans, pledges and policies due for a check, by table (run it first "
        "when preparing an edition)",
    )
    st.add_argument(
        "--months", type=int, default=6, help="due when older than this many months (default 6)"
    )
    st.add_argument("--data-dir", help="a folder laid out like data/ (default: the shipped data/)")
    st.set_defaults(func=cmd_stale)
    u = dsub.add_parser(
        "update",
        help="rebuild a table from a newer release of its source, showing the difference first",
    )
    u.add_argument("table", help="table to rebuild (supported: ev_sales)")
    u.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FILE_OR_URL",
        help="IEA Global EV data: the Data Explorer workbook (.xlsx) or its CSV",
    )
    u.add_argument("--edition", type=int, help="edition year, when the file name does not say it")
    u.add_argument("--data-dir", help="folder to update (default: the shipped data/)")
    u.add_argument(
        "--dry-run", action="store_true", help="show what the update would change; write nothing"
    )
    u.add_argument(
        "--allow-removals",
        action="store_true",
        help="accept an update that removes areas, years or rows, or comes from an older edition",
    )
    u.set_defaults(func=cmd_update)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    args.to_given = any(a == "--to" or a.startswith("--to=") for a in argv)
    from evbrief.publishing.publication import _terminate_on_sigterm

    _terminate_on_sigterm()  # SIGTERM cleans up like Ctrl-C: no half-written report, no orphan kernel
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("interrupted; reports/ holds only complete reports", 130)
    except BrokenPipeError:  # `evbrief list | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

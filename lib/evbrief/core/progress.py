"""A progress bar where an analyst waits, and none where nobody watches.

In a Jupyter kernel (JupyterLab, VS Code) a computation that takes more than DELAY seconds shows
tqdm's notebook bar (a widget; without ipywidgets, tqdm's text bar on stderr). A batch render sets
EVBRIEF_BATCH in its kernels (evbrief.publishing.publish.execute): there, and in plain scripts, the
steps run without a bar, so no widget or progress text reaches the executed notebook or the page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Set in the environment of every kernel a batch render starts.
BATCH_ENV = "EVBRIEF_BATCH"
#: Seconds before a bar appears: a step that is quick shows nothing.
DELAY = 1.0


def interactive() -> bool:
    """Whether the code runs in a Jupyter kernel that a person watches."""
    if os.environ.get(BATCH_ENV, "") not in ("", "0"):
        return False
    shell = sys.modules.get("IPython")
    try:
        ip = shell.get_ipython() if shell else None
    except Exception:
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def bar(items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
    """The items, with a progress bar in an interactive kernel once they take more than DELAY s."""
    if not interactive():
        yield from items
        return
    try:
        from tqdm.notebook import tqdm

        shown = tqdm(items, desc=desc, total=total, delay=DELAY, leave=False)
    except ImportError:  # no ipywidgets: tqdm's text bar, which a notebook shows on stderr
        from tqdm import tqdm

        shown = tqdm(items, desc=desc, total=total, delay=DELAY, leave=False, file=sys.stderr)
    try:
        yield from shown
    finally:
        shown.close()

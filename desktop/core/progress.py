"""Progress of long jobs. A job is a generator yielding Progress (or plain str) and returning its result:

    def render_batch(ctx, ids) -> Iterator[Progress]:
        for i, x in enumerate(ids):
            ...
            yield Progress(i + 1, len(ids), f"已生成 {x}")
        return paths

The CLI prints each step, the GUI shows a progress dialog, tests call `drain(job)`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""

    def __str__(self) -> str:
        return f"[{self.done}/{self.total}] {self.message}" if self.total else self.message


def drain(job: Generator[Any, None, Any], on_step=None) -> Any:
    """Run a progress generator to the end; returns its return value."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value
        if on_step:
            on_step(step)

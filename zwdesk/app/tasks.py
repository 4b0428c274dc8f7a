"""Running slow work (export, conversion) off the GUI thread, so the window never freezes.

The database stays on the GUI thread (peewee connections are per thread): callers load what
the task needs first and hand the task plain data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from zwdesk.app.qt import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message for the user
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.finished.emit(result)


def run_in_background(work: Callable[[], object], done: Callable[[object], None],
                      failed: Callable[[str], None]) -> Task:
    task = Task(work)
    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(task)
    return task


class _StreamSignals(QObject):
    result = Signal(object)
    finished = Signal()
    failed = Signal(str)


class StreamTask(QRunnable):
    """Work that hands back its results one by one (files read); ``cancel`` stops it before
    the next result."""

    def __init__(self, work: Callable[[Callable[[], bool]], Iterable[object]]) -> None:
        super().__init__()
        self.work = work
        self.signals = _StreamSignals()
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def run(self) -> None:
        try:
            for result in self.work(self._cancelled.is_set):
                self.signals.result.emit(result)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message for the user
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        self.signals.finished.emit()


def stream_in_background(work: Callable[[Callable[[], bool]], Iterable[object]],
                         each: Callable[[object], None], done: Callable[[], None],
                         failed: Callable[[str], None]) -> StreamTask:
    """Run ``work(cancelled)`` off the GUI thread; ``each`` gets every result on the GUI
    thread, in order, then ``done`` (after a failure too)."""
    task = StreamTask(work)
    task.signals.result.connect(each)
    task.signals.failed.connect(failed)
    task.signals.finished.connect(done)
    QThreadPool.globalInstance().start(task)
    return task

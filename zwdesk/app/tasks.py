"""Running slow work (export, conversion) off the GUI thread, so the window never freezes.

The database stays on the GUI thread (peewee connections are per thread): callers load what
the task needs first and hand the task plain data.
"""

from __future__ import annotations

from collections.abc import Callable

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

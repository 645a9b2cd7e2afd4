"""ui.shell.settle_heap: after a page's first run the objects alive are frozen out of later full collections,
once per page and process."""
from __future__ import annotations

import gc

from ui import shell


def test_a_pages_first_run_freezes_the_heap_once(monkeypatch):
    monkeypatch.setattr(shell, "_settled", set())
    keep = [[] for _ in range(1000)]  # objects alive now: frozen by the first call
    before = gc.get_freeze_count()
    shell.settle_heap("kinerja")
    after = gc.get_freeze_count()
    assert after >= before + len(keep)
    shell.settle_heap("kinerja")  # the same page again: nothing more
    assert gc.get_freeze_count() == after
    more = [[] for _ in range(1000)]
    shell.settle_heap("pengaduan")  # another page's first run
    assert gc.get_freeze_count() >= after + len(more)
    assert gc.isenabled()  # the automatic collections stay on for what runs create

"""Make chunks in a child process while this one writes the chunk before.

Making a chunk is numpy and Python; writing it is the database's work plus, on SQLite, binding every value in
Python. As two threads of one process they fight over the GIL: a writer that gives up the GIL for each SQLite
step waits for the maker to hand it back, which slows the load several-fold once making a chunk is real work.
So, from two chunks, a forked child makes them and sends each through a pipe: for PostgreSQL as finished COPY
text, for SQLite as its column arrays, which the parent turns into values as it writes them. At most one chunk
waits in the pipe while the next is made (memory). The child never uses the database connection it inherits
and leaves with os._exit (as multiprocessing's children do), so it never closes it.
"""

import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable, Sequence

from linkwork.synthetic.loader import Loader

Make = Callable[[int], tuple[int, dict]]  # chunk number -> (people, {table key: columns})
Write = Callable[[int, list], None]  # (people, prepared batches) -> None


def run(make: Make, count: int, loader: Loader, order: Sequence[str], write: Write, *, parallel: bool | None = None):
    """Make chunks 0..count-1 and write each; returns the child's peak memory in MB (0 without a child)."""
    if parallel is None:
        parallel = count > 1
    if not parallel:
        for chunk in range(count):
            size, tables = make(chunk)
            write(size, [loader.prepare(key, tables[key]) for key in order])
        return 0.0
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=1)
    child = context.Process(target=_produce, args=(make, count, loader, order, queue), name="synthetic-maker")
    child.start()
    peak = 0.0
    try:
        for _ in range(count):
            started = time.perf_counter()
            item = queue.get()
            if isinstance(item, str):
                raise RuntimeError(f"making a chunk of synthetic data failed in the child process:\n{item}")
            size, payload, prepared = item
            item = None
            waited = time.perf_counter()
            loader.seconds["waiting for the next chunk"] += waited - started
            batches = payload if prepared else [loader.prepare(key, payload[key]) for key in order]
            payload = None
            loader.seconds["converting values"] += time.perf_counter() - waited
            write(size, batches)
            batches = None
        peak = queue.get()
    finally:
        if child.is_alive() and peak == 0.0:
            child.terminate()
        child.join()
    return peak


def _produce(make: Make, count: int, loader: Loader, order: Sequence[str], queue) -> None:
    try:
        for chunk in range(count):
            size, tables = make(chunk)
            if loader.vendor == "postgresql":  # COPY text is compact and costs the parent nothing to unpickle
                queue.put((size, [loader.prepare(key, tables[key]) for key in order], True))
            else:  # the parent makes the Python values SQLite binds: cheaper than pickling millions of them
                queue.put((size, {key: tables[key] for key in order}, False))
            del tables
        queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    except BaseException:
        queue.put(traceback.format_exc())
    finally:
        queue.close()
        queue.join_thread()

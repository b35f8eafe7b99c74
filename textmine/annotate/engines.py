"""Engines that run batches: in this process, in local worker processes, or on a Dask cluster.

Each keeps a bounded number of batches in flight, so memory stays flat however long the corpus is, and yields
results in corpus order unless told otherwise.
"""

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from textmine.annotate.worker import Result, annotate_batch, pipeline
from textmine.errors import ConfigError, TextmineError

IN_FLIGHT_PER_WORKER = 3


def run_serial(batches: Iterable[list[dict]], model: str | None) -> Iterator[list[Result]]:
    """Process batches one after another in this process."""
    for batch in batches:
        yield annotate_batch(batch, model)


def _warm(model: str | None) -> None:
    try:
        pipeline(model)
    except TextmineError:
        pass  # raised again by the first batch, whose future carries it back as one clear error


def _drain(submit, batches: Iterable[list[dict]], window: int, ordered: bool, wait_any) -> Iterator[list[Result]]:
    """Keep at most ``window`` batches in flight; yield results in submission order or as they finish."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        while len(pending) >= window:
            yield from _collect(pending, ordered, wait_any)
    while pending:
        yield from _collect(pending, ordered, wait_any)


def _collect(pending: deque, ordered: bool, wait_any) -> Iterator[list[Result]]:
    if ordered:
        yield pending.popleft().result()
        return
    for future in wait_any(list(pending)):
        pending.remove(future)
        yield future.result()


def run_processes(
    batches: Iterable[list[dict]], model: str | None, workers: int, ordered: bool = True
) -> Iterator[list[Result]]:
    """Process batches in ``workers`` local processes (forked, each with its own pipeline)."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm, initargs=(model,)) as pool:
        yield from _drain(
            lambda batch: pool.submit(annotate_batch, batch, model),
            batches,
            workers * IN_FLIGHT_PER_WORKER,
            ordered,
            lambda fs: wait(fs, return_when=FIRST_COMPLETED).done,
        )


def run_dask(
    batches: Iterable[list[dict]],
    model: str | None,
    workers: int,
    ordered: bool = True,
    scheduler: str | None = None,
) -> Iterator[list[Result]]:
    """Process batches on a Dask cluster: ``scheduler`` (tcp://host:port) or a local cluster of ``workers``."""
    try:
        from distributed import Client, LocalCluster
        from distributed import wait as dask_wait
    except ImportError:
        raise ConfigError("the dask engine needs the 'dask' extra: pip install 'textmine[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except OSError as err:
        raise ConfigError(f"{scheduler or 'local cluster'}: cannot reach the Dask scheduler ({err})") from None
    try:
        capacity = max(1, sum(client.nthreads().values()))
        yield from _drain(
            lambda batch: client.submit(annotate_batch, batch, model, pure=False),
            batches,
            capacity * IN_FLIGHT_PER_WORKER,
            ordered,
            lambda fs: dask_wait(fs, return_when="FIRST_COMPLETED").done,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

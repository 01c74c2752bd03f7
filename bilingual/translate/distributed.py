"""The translation stage on a Dask distributed cluster: an engine whose batches run on the cluster's workers.

DaskEngine has the same interface as engine.Engine, so the translator, the cache and the glossary work unchanged:
the client tokenizes and bins the sentences (so every sentence keeps its padded length, and its translation is
the same as in a local run), sends whole batches to the workers, and the results land in the local cache.
Each worker process loads the model once and keeps it for the life of the worker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from bilingual.errors import OptionError
from bilingual.models import ModelInfo, ModelNotFound, find_model, read_package
from bilingual.translate.engine import Decoding, Engine, Tokenizing, length_batches

# How long a run waits for a first worker at a --scheduler that has none (workers still starting, or never
# started) before it says so; without the wait the run would sit silently for ever.
WORKER_WAIT_SECONDS = 60.0


class DaskEngine(Tokenizing):
    """Engine.translate on a Dask cluster: `scheduler` is an address (tcp://host:8786), or None for a
    LocalCluster of `n_workers` single-threaded worker processes on this machine."""

    def __init__(
        self,
        model: ModelInfo,
        decoding: Decoding | None = None,
        scheduler: str | None = None,
        n_workers: int | None = None,
    ):
        import dask
        from distributed import Client, LocalCluster

        super().__init__(model, decoding)
        self.scheduler = scheduler
        if scheduler:
            self._cluster = None
            self.client = Client(scheduler)
        else:
            # One thread per worker process: each worker's model then runs one batch at a time on one core.
            # (Two task threads per worker, to keep a batch queued, measured no faster.) Dask's nanny sets
            # MALLOC_TRIM_THRESHOLD_ for its workers; with it CTranslate2 ran 36% slower (9.9 against 15.5
            # sentences/s on one core, measured), so our workers go without it.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                self._cluster = LocalCluster(
                    n_workers=n_workers or (os.cpu_count() or 1), threads_per_worker=1, processes=True,
                    dashboard_address=None,
                )
            self.client = Client(self._cluster)

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        from distributed import as_completed

        decoding = decoding or self.decoding
        if sentences and self.scheduler:
            self._wait_for_a_worker()
        tokens = [self.tokenize(s) for s in sentences]
        futures = {}
        # one task per batch: a few seconds of work at most, so no worker waits long behind another's task
        for indices, _ in length_batches(tokens, decoding.max_batch_size):
            future = self.client.submit(
                translate_on_worker, str(self.model.path), self.model_id, decoding,
                [sentences[i] for i in indices], pure=False,
            )
            futures[future] = indices
        results: list[str] = [""] * len(sentences)
        for future in as_completed(futures):
            indices = futures[future]
            for i, text in zip(indices, future.result(), strict=True):
                results[i] = text
            if progress:
                progress(len(indices))
        return results

    def _wait_for_a_worker(self) -> None:
        """Only where there is work: a run served wholly from the cache needs no worker."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            raise OptionError(
                f"--scheduler {self.scheduler}: no Dask worker joined within {WORKER_WAIT_SECONDS:.0f} s; start "
                f"workers with `dask worker {self.scheduler}` (see the README, More machines: Dask)"
            ) from None

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


_worker_engines: dict[str, Engine] = {}
_worker_engines_lock = threading.Lock()  # a worker with several threads must load the model once, not per thread


def translate_on_worker(model_path: str, model_id: str, decoding: Decoding, sentences: list[str]) -> list[str]:
    """Runs on a worker: the worker's engine (loaded on first use) translates whole batches."""
    with _worker_engines_lock:
        engine = _worker_engines.get(model_id)
        if engine is None:
            engine = _load_worker_engine(model_path, model_id)
            _worker_engines[model_id] = engine
    return engine.translate(sentences, decoding=decoding)


def _load_worker_engine(model_path: str, model_id: str) -> Engine:
    """The same model as the client's: at the client's path, else $BILINGUAL_MODEL or the worker's installed
    package. A different model would put wrong translations into the client's cache, so it is refused. The
    client shows the error: it names the worker, since the client itself has its model."""
    from distributed import get_worker

    try:
        worker = get_worker()
        where, threads = f"Dask worker {worker.address}", worker.state.nthreads
    except (ValueError, AttributeError):
        where, threads = "Dask worker", 1
    path = Path(model_path)
    try:
        info = read_package(path) if path.is_dir() else find_model(None)
    except ModelNotFound as exc:
        raise ModelNotFound(f"{where}: {exc}") from None
    if info.model_id != model_id:
        raise ModelNotFound(
            f"{where}: its model {info.model_id} differs from the client's {model_id}; install the client's "
            "package there (bilingual models install FILE, with the worker's BILINGUAL_HOME)"
        )
    return Engine(info, threads=threads)

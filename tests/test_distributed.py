"""--executor dask: the translation stage on a 2-worker LocalCluster, and on a scheduler and a worker started as
separate processes (the README's cluster recipe), gives byte-identical editions."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import _model_source, run_cli


def _few_posts(corpus, folder, per_source=2):
    """The first posts of each source folder (Simplified and Traditional, HTML and Markdown bodies)."""
    folder.mkdir()
    for source in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for path in sorted(source.glob("*.md"))[:per_source]:
            shutil.copy(path, folder / path.name)
    return folder


def test_dask_local_cluster_output_is_byte_identical_to_a_local_run(model_info, corpus_posts, tmp_path):
    posts = _few_posts(corpus_posts, tmp_path / "posts")
    local = run_cli(["translate", posts, "--out", tmp_path / "local", "--quiet"], tmp_path / "home-local",
                    model_info.path)
    assert local.returncode == 0, local.stderr
    dask = run_cli(["translate", posts, "--out", tmp_path / "dask", "--quiet", "--executor", "dask",
                    "--workers", "2"], tmp_path / "home-dask", model_info.path)
    assert dask.returncode == 0, dask.stderr

    report = json.loads((tmp_path / "dask" / "report.json").read_text(encoding="utf-8"))
    local_report = json.loads((tmp_path / "local" / "report.json").read_text(encoding="utf-8"))
    # the cluster translated everything itself (separate caches), as much as the local run did
    assert report["sentences_translated"] == local_report["sentences_translated"] > 60
    produced = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*")
                      if p.is_file() and p.name != "report.json")
    assert produced
    for name in produced:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name

    # results landed in the client's cache: a local re-run over the Dask run's cache translates nothing
    again = run_cli(["translate", posts, "--out", tmp_path / "again", "--quiet"], tmp_path / "home-dask",
                    model_info.path)
    assert "0 translated" in again.stdout, again.stdout


def test_unreachable_scheduler_is_a_one_line_error(model_info, tmp_path):
    import bilingual

    run = run_cli(["translate", bilingual.sample_dir(), "--out", tmp_path / "out", "--executor", "dask",
                   "--scheduler", "tcp://127.0.0.1:9"], tmp_path / "home", model_info.path, timeout=120)
    assert run.returncode == 2
    assert "could not connect" in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_a_scheduler_without_workers_says_so_instead_of_waiting_for_ever(model_info, monkeypatch):
    from distributed import LocalCluster

    from bilingual.errors import OptionError
    from bilingual.translate import distributed

    monkeypatch.setattr(distributed, "WORKER_WAIT_SECONDS", 1.0)
    with LocalCluster(n_workers=0, processes=False, dashboard_address="127.0.0.1:0") as cluster:
        engine = distributed.DaskEngine(model_info, scheduler=cluster.scheduler_address)
        try:
            assert engine.translate([]) == []  # nothing to translate (all cached): no worker needed
            with pytest.raises(OptionError, match="no Dask worker joined within 1 s; start workers with `dask worker"):
                engine.translate(["外交部发言人今天表示。"])
        finally:
            engine.close()


def test_a_worker_without_the_clients_path_uses_its_own_installed_model_and_refuses_another(
    model_info, tmp_path, monkeypatch
):
    """On another machine the client's model path does not exist: the worker's own package (installed in the
    session's BILINGUAL_HOME by the model_info fixture, or $BILINGUAL_MODEL) is used if it is the same model."""
    from bilingual.models import ModelNotFound
    from bilingual.translate.distributed import _load_worker_engine

    engine = _load_worker_engine(str(tmp_path / "not-on-this-machine"), model_info.model_id)
    assert engine.model_id == model_info.model_id
    with pytest.raises(ModelNotFound, match=r"^Dask worker: its model .* differs from the client's other-1\.0"):
        _load_worker_engine(str(tmp_path / "not-on-this-machine"), "other-1.0-1-r3")

    # a worker with no model at all: the client's error names the worker, not the client, as the one lacking it
    for variable in ("BILINGUAL_HOME", "ARGOS_PACKAGES_DIR"):
        monkeypatch.setenv(variable, str(tmp_path / "empty"))
    monkeypatch.delenv("BILINGUAL_MODEL", raising=False)
    with pytest.raises(ModelNotFound, match=r"^Dask worker: no Chinese→English model found"):
        _load_worker_engine(str(tmp_path / "not-on-this-machine"), model_info.model_id)


def _scheduler_address(scheduler_file: Path, scheduler: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert scheduler.poll() is None, "dask scheduler exited"
        try:
            return json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        except (OSError, ValueError, KeyError):  # not written yet, or half written
            time.sleep(0.1)
    raise AssertionError(f"dask scheduler wrote no {scheduler_file} in {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, as Ctrl-C or `kill PID` would (the nanny stops its worker); SIGKILL to the group if it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_readmes_cluster_recipe_scheduler_and_worker_as_separate_processes(model_info, corpus_posts, tmp_path):
    """README "More machines: Dask", step by step on localhost: `dask scheduler`, then `dask worker` with its own
    BILINGUAL_HOME holding the model (installed as step 2 says) and the README's distributed.yaml that unsets
    MALLOC_TRIM_THRESHOLD_, then `bilingual translate … --scheduler`: the editions equal a local run's."""
    from distributed import Client

    posts = tmp_path / "posts"
    posts.mkdir()
    smallest = sorted((min(d.glob("*.md"), key=lambda p: p.stat().st_size) for d in corpus_posts.iterdir()
                       if d.is_dir()), key=lambda p: p.stat().st_size)
    for path in smallest[:2]:
        shutil.copy(path, posts / path.name)

    config = tmp_path / "dask-config"  # the README's ~/.config/dask/distributed.yaml, kept private to the test
    config.mkdir()
    (config / "distributed.yaml").write_text(
        "distributed:\n  nanny:\n    pre-spawn-environ:\n      MALLOC_TRIM_THRESHOLD_: null\n", encoding="utf-8")
    worker_home = tmp_path / "worker-home"
    env = {k: v for k, v in os.environ.items() if k != "BILINGUAL_MODEL"} | {
        "DASK_CONFIG": str(config), "BILINGUAL_HOME": str(worker_home)}
    source = _model_source()
    if source is not None and source.is_file():  # step 2: the model installed on the worker
        install = subprocess.run([sys.executable, "-m", "bilingual.cli", "models", "install", source], env=env,
                                 capture_output=True, text=True, timeout=300)
        assert install.returncode == 0, install.stderr
    else:  # a package folder from $BILINGUAL_MODEL: the worker's $BILINGUAL_MODEL, as the README allows
        env["BILINGUAL_MODEL"] = str(model_info.path)

    dask = [sys.executable, "-m", "dask"]
    scheduler_file = tmp_path / "scheduler.json"
    processes = [subprocess.Popen(  # step 1; --idle-timeout: gone by itself should this test be killed
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--dashboard-address",
         "127.0.0.1:0", "--scheduler-file", scheduler_file, "--idle-timeout", "600"], env=env, cwd=tmp_path,
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        address = _scheduler_address(scheduler_file, processes[0])
        processes.append(subprocess.Popen(  # step 2; --death-timeout: gone by itself once the scheduler is gone
            [*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--death-timeout",
             "60"], env=env, cwd=tmp_path, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))

        # step 3 (the run waits for the worker to join)
        on_cluster = run_cli(["translate", posts, "--out", tmp_path / "dask", "--quiet", "--executor", "dask",
                              "--scheduler", address], tmp_path / "home-client", model_info.path)
        assert on_cluster.returncode == 0, on_cluster.stderr
        with Client(address, timeout=30) as client:
            seen = client.run(lambda: (__import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"), sorted(
                __import__("bilingual.translate.distributed").translate.distributed._worker_engines)))
        # one worker; the README's config unset the variable; it loaded the client's model
        assert list(seen.values()) == [(None, [model_info.model_id])], seen
    finally:
        for process in reversed(processes):
            _stop(process)
    assert [p.returncode for p in processes] == [0, 0]

    local = run_cli(["translate", posts, "--out", tmp_path / "local", "--quiet", "--executor", "local"],
                    tmp_path / "home-local", model_info.path)
    assert local.returncode == 0, local.stderr
    report = json.loads((tmp_path / "dask" / "report.json").read_text(encoding="utf-8"))
    assert report["sentences_translated"] == json.loads(
        (tmp_path / "local" / "report.json").read_text(encoding="utf-8"))["sentences_translated"] > 5
    produced = sorted(p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*")
                      if p.is_file() and p.name != "report.json")
    assert produced == sorted(p.relative_to(tmp_path / "dask") for p in (tmp_path / "dask").rglob("*")
                              if p.is_file() and p.name != "report.json")
    for name in produced:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name

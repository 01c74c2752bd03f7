"""--executor dask: the translation stage on a 2-worker LocalCluster gives byte-identical editions."""

import json
import shutil

import pytest
from conftest import run_cli


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

    from bilingual import distributed
    from bilingual.errors import OptionError

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
    from bilingual.distributed import _load_worker_engine
    from bilingual.models import ModelNotFound

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

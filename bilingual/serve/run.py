"""Running the app for `bilingual serve`: build or update the index with a progress bar, check the address,
print the start URL with its token, and serve with uvicorn until Ctrl-C."""

from __future__ import annotations

import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from bilingual.serve.security import LOOPBACK, is_loopback, new_token
from bilingual.serve.store import OptionError

WILDCARDS = {"0.0.0.0", "::", ""}


def allowed_hosts(host: str) -> list[str] | None:
    """The Host header values answered: loopback names (and the address given); None for a wildcard bind."""
    if host in WILDCARDS:
        return None
    return sorted(LOOPBACK | {host.strip("[]").lower()})


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OptionError(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None


def serve(posts_dir: Path, host: str = "127.0.0.1", port: int = 8787, token: str | None = None,
          read_only: bool = False, glossary: Sequence[Path] = (), show_progress: bool = True) -> None:
    import uvicorn

    from bilingual.serve import create_app, open_archive

    if token is not None and len(token.strip()) < 8:
        raise OptionError("--token: use at least 8 characters (or leave it out for a random one)")
    token = token.strip() if token else new_token()
    check_port(host, port)
    if not is_loopback(host):
        print(f"bilingual: warning: listening on {host or '*'}: other machines can reach this server "
              "(writes still need the token)", file=sys.stderr)
    archive, result = open_archive(posts_dir, glossary=glossary, progress=_bar() if show_progress else None)
    print(f"index: {result.added} posts added, {result.changed} changed, {result.removed} removed, "
          f"{result.unchanged} unchanged, {len(result.failed)} unreadable ({result.seconds:.1f} s); "
          f"{archive.index.path}", file=sys.stderr)
    for rel, problem in result.failed[:10]:
        print(f"bilingual: {rel}: {problem}", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else (host if host not in WILDCARDS else "127.0.0.1")
    print(f"serving {posts_dir} at http://{shown}:{port}/" + ("" if read_only else f"?token={token}")
          + (" (read-only)" if read_only else ""), flush=True)
    uvicorn.run(create_app(archive, token, read_only, allowed_hosts(host)), host=host, port=port,
                log_level="warning", server_header=False, limit_concurrency=200, timeout_keep_alive=5)


def _bar():  # noqa: ANN202 - a progress callback drawing a rich bar on stderr
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if not sys.stderr.isatty():
        return None
    progress = Progress(TextColumn("indexing posts"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        transient=True, console=Console(stderr=True))
    task = progress.add_task("index", total=None)

    def advance(done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)
        if done >= total:
            progress.stop()

    return advance

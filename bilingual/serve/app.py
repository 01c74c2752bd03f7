"""The web app (Starlette): pages readable without JavaScript, and the JSON API behind them.

    app = create_app(Archive(index, glossary), token="…", read_only=False)

Pages: / (years and months), /sources, /month/2021-11, /outlet?name=…, /post/ID, /sentence/ID (history, undo,
correction and glossary forms), /search, /concordance, /queue. API: GET /api/search, GET /api/posts/ID,
GET /api/history, POST /api/corrections, POST /api/corrections/undo, POST /api/glossary (see README).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bilingual.serve import edits, search
from bilingual.serve.concordance import concordance
from bilingual.serve.index import PAGE_HITS, PAGE_POSTS, PAGE_ROWS, Index
from bilingual.serve.security import TOKEN_COOKIE, Guard, Refused, check_write, cookie_token_ok
from bilingual.serve.store import BilingualError, GlossaryStore, readable_url

HERE = Path(__file__).resolve().parent


@dataclass
class Archive:
    """What the app serves: the index (posts, translations, search) and the glossary settings."""

    index: Index
    glossary: GlossaryStore
    title: str = "bilingual"


class _Site:
    """The request handlers, over one archive."""

    def __init__(self, archive: Archive, token: str, read_only: bool, sync_every: float, rescan_every: float):
        self.archive, self.index, self.token, self.read_only = archive, archive.index, token, read_only
        self.sync_every, self.rescan_every = sync_every, rescan_every
        import jinja2

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
        self.templates = Jinja2Templates(env=env)
        self.templates.env.filters["marked"] = lambda text: Markup(search.marked_html(text))
        self.templates.env.filters["month_name"] = _month_name
        self.templates.env.filters["readable_url"] = readable_url
        self.templates.env.filters["mark_term"] = lambda s, term: Markup(search.marked_html(
            search.mark_chinese(s.original, s.source, [term])))
        self.templates.env.globals["title"] = archive.title

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        can_edit = not self.read_only and cookie_token_ok(request, self.token)
        response = self.templates.TemplateResponse(request, name, {
            "can_edit": can_edit, "token": self.token if can_edit else "", "read_only": self.read_only, **context,
        }, status_code=status)
        if can_edit:  # the page carries the token: keep it out of caches
            response.headers["Cache-Control"] = "no-store"
        return response

    def with_token_cookie(self, request: Request) -> Response | None:
        """A page opened with ?token=… (the start URL): remember it in a cookie, show the URL without it."""
        given = request.query_params.get("token")
        if given is None:
            return None
        if given != self.token:
            raise HTTPException(403, "wrong token in the URL")
        from urllib.parse import urlencode

        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        response = RedirectResponse(request.url.path + ("?" + urlencode(rest) if rest else ""), 303)
        response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
        return response

    # pages -------------------------------------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        if (redirect := self.with_token_cookie(request)) is not None:
            return redirect
        years: dict[str, list[tuple[str, int]]] = {}
        for month, count in self.index.months():
            years.setdefault(month[:4] or "Undated", []).append((month, count))
        return self.page(request, "index.html", years=years, stats=self.index.stats(), failures=self.index.failures())

    async def sources(self, request: Request) -> Response:
        return self.page(request, "sources.html", outlets=self.index.outlets())

    async def month(self, request: Request) -> Response:
        key = request.path_params["month"]
        value = "" if key == "undated" else key
        number = _page(request)
        total, posts = self.index.listing(month=value, page=number)
        if not total:
            raise HTTPException(404, f"no posts in {key}")
        return self.page(request, "listing.html", heading=_month_name(value), posts=posts, total=total,
                    pages=_pages(total, PAGE_POSTS), number=number, base=f"/month/{key}?", outlet=False)

    async def outlet(self, request: Request) -> Response:
        name = request.query_params.get("name", "")
        number = _page(request)
        total, posts = self.index.listing(outlet=name, page=number)
        if not total:
            raise HTTPException(404, "no posts from this outlet")
        from urllib.parse import urlencode

        return self.page(request, "listing.html", heading=name, posts=posts, total=total,
                         pages=_pages(total, PAGE_POSTS), number=number,
                         base="/outlet?" + urlencode({"name": name}) + "&", outlet=True)

    async def post(self, request: Request) -> Response:
        if (redirect := self.with_token_cookie(request)) is not None:
            return redirect
        view = self.index.post(request.path_params["id"])
        if view is None:
            raise HTTPException(404, "no such post")
        return self.page(request, "post.html", post=view)

    async def sentence(self, request: Request) -> Response:
        found = self.index.sentence(request.path_params["id"])
        if found is None:
            raise HTTPException(404, "no such sentence")
        return self.page(request, "sentence.html", s=found, post=self.index.post_row(found.post_id),
                    current=self.index.current(found.source, found.original), history=self.index.history(found.source),
                    places=self.index.occurrences(found.source), message=request.query_params.get("message", ""))

    async def sentence_form(self, request: Request) -> Response:
        found = self.index.sentence(request.path_params["id"])
        if found is None:
            raise HTTPException(404, "no such sentence")
        form = await request.form()
        check_write(request, self.token, self.read_only, _field(form, "token"))
        undo = request.url.path.endswith("/undo")
        try:
            if undo:
                edits.undo(self.index, found.source)
            else:
                edits.correct(self.index, found.source, _field(form, "translation"), _field(form, "author"),
                              _field(form, "note"), _field(form, "base"))
        except edits.EditError as exc:
            return self.page(request, "message.html", status=exc.status, heading="Not saved", message=str(exc),
                        current=exc.current, back=f"/sentence/{found.id}")
        return RedirectResponse(f"/post/{found.post_id}#s{found.id}", 303)

    async def search_page(self, request: Request) -> Response:
        params = request.query_params
        context: dict[str, Any] = {"q": params.get("q", ""), "outlet": params.get("outlet", ""),
                                   "date_from": params.get("from", ""), "date_to": params.get("to", ""),
                                   "outlets": self.index.outlets(), "total": 0, "hits": [], "number": 1, "pages": 0}
        try:
            total, hits, number = _search(self.index, request)
        except ValueError as exc:
            return self.page(request, "search.html", status=400, error=str(exc), **context)
        from urllib.parse import urlencode

        keep = urlencode({k: v for k, v in params.items() if k != "page" and v})
        context.update(total=total, hits=hits, number=number, pages=_pages(total, PAGE_HITS), base=f"/search?{keep}&")
        return self.page(request, "search.html", **context)

    async def concordance_page(self, request: Request) -> Response:
        term = request.query_params.get("term", "").strip()[:50]
        result = concordance(self.index, self.archive.glossary, term) if term else None
        number = _page(request)
        lines = result.lines[(number - 1) * PAGE_ROWS:number * PAGE_ROWS] if result else []
        from urllib.parse import urlencode

        return self.page(request, "concordance.html", term=term, result=result, lines=lines, number=number,
                    pages=_pages(len(result.lines), PAGE_ROWS) if result else 0,
                    base="/concordance?" + urlencode({"term": term}) + "&")

    async def queue(self, request: Request) -> Response:
        number = _page(request)
        total, rows = self.index.queue(number)
        return self.page(request, "queue.html", total=total, rows=rows, number=number, pages=_pages(total, PAGE_ROWS),
                    base="/queue?")

    async def glossary_form(self, request: Request) -> Response:
        form = await request.form()
        check_write(request, self.token, self.read_only, _field(form, "token"))
        try:
            done, problems = self.archive.glossary.add(_field(form, "source"), _field(form, "target"),
                                                  _field(form, "category"))
        except BilingualError as exc:
            return self.page(request, "message.html", status=400, heading="Not added", message=str(exc), back="/")
        return self.page(request, "message.html", heading=f"Glossary entry {done}",
                    message=f"{_field(form, 'source')} → {_field(form, 'target')} in {self.archive.glossary.user_file}",
                    problems=problems, back=_field(form, "back") if _field(form, "back").startswith("/") else "/")

    # API ---------------------------------------------------------------------------------------------------------
    async def api_search(self, request: Request) -> Response:
        try:
            total, hits, _ = _search(self.index, request)
        except ValueError as exc:
            return _error(400, str(exc))
        return JSONResponse({"total": total, "hits": [{
            "post": h.post.path, "date": h.post.date, "outlet": h.post.outlet,
            "source": h.sentence.original, "translation": h.sentence.translation,
            "url": f"/post/{h.post.id}#s{h.sentence.id}", "origin": h.sentence.origin,
        } for h in hits]})

    async def api_post(self, request: Request) -> Response:
        view = self.index.post(request.path_params["id"])
        if view is None:
            return _error(404, f"no post {request.path_params['id']}")
        return JSONResponse({
            "id": view.row.id, "file": view.row.path, "title": view.row.title,
            "translated_title": view.row.translated_title, "date": view.row.date, "outlet": view.row.outlet,
            "blocks": [{"kind": b.kind, "sentences": [
                {"id": s.id, "source": s.original, "translation": s.translation, "origin": s.origin, "flag": s.flag}
                for s in b.sentences]} for b in view.blocks],
        })

    async def api_history(self, request: Request) -> Response:
        source = request.query_params.get("source", "")
        from bilingual.serve.store import normalise

        return JSONResponse({"source": normalise(source), "edits": [{
            "id": e.id, "before": e.before, "after": e.after, "author": e.author, "note": e.note,
            "time": e.created, "undone": e.undone} for e in self.index.history(normalise(source))]})

    async def api_corrections(self, request: Request) -> Response:
        check_write(request, self.token, self.read_only)
        body = await _json_body(request)
        for name in ("source", "translation"):
            if not isinstance(body.get(name), str):
                return _error(400, f'"{name}" is required and must be a string')
        for name in ("author", "note", "base"):
            if body.get(name) is not None and not isinstance(body[name], str):
                return _error(400, f'"{name}" must be a string')
        try:
            saved = edits.correct(self.index, body["source"], body["translation"], body.get("author") or "",
                                  body.get("note") or "", body.get("base"))
        except edits.EditError as exc:
            return _error(exc.status, str(exc), current=exc.current)
        return JSONResponse({"source": saved.source, "translation": saved.translation, "previous": saved.previous,
                             "sentences": saved.sentences, "edit": saved.edit_id})

    async def api_undo(self, request: Request) -> Response:
        check_write(request, self.token, self.read_only)
        body = await _json_body(request)
        if not isinstance(body.get("source"), str):
            return _error(400, '"source" is required and must be a string')
        try:
            saved = edits.undo(self.index, body["source"])
        except edits.EditError as exc:
            return _error(exc.status, str(exc), current=exc.current)
        return JSONResponse({"source": saved.source, "translation": saved.translation, "undone": saved.edit_id})

    async def api_glossary(self, request: Request) -> Response:
        check_write(request, self.token, self.read_only)
        body = await _json_body(request)
        values = [body.get(k, "") for k in ("source", "target", "category")]
        if not all(isinstance(v, str) for v in values):
            return _error(400, '"source", "target" and "category" must be strings')
        try:
            done, problems = self.archive.glossary.add(*values)
        except BilingualError as exc:
            return _error(400, str(exc))
        return JSONResponse({"result": done, "file": str(self.archive.glossary.user_file), "lint": problems})

    # errors ------------------------------------------------------------------------------------------------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if request.url.path.startswith("/api/"):
            return _error(exc.status_code, str(exc.detail))
        return self.page(request, "message.html", status=exc.status_code, heading=f"{exc.status_code}",
                    message=str(exc.detail), back="/")

    async def refused(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        if request.url.path.startswith("/api/"):
            return _error(exc.status, str(exc))
        return self.page(request, "message.html", status=exc.status, heading="Refused", message=str(exc), back="/")

    async def user_error(self, request: Request, exc: Exception) -> Response:
        """A problem the user can fix (a glossary file that cannot be read…): one line, never a traceback."""
        message = " ".join(str(exc).split())
        if request.url.path.startswith("/api/"):
            return _error(400, message)
        return self.page(request, "message.html", status=400, heading="Cannot do that", message=message, back="/")

    async def bug(self, request: Request, exc: Exception) -> Response:
        message = f"internal error ({type(exc).__name__}) — this is a bug in bilingual; please report it"
        return _error(500, message) if request.url.path.startswith("/api/") else HTMLResponse(message, 500)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        stop = threading.Event()
        thread = threading.Thread(target=_keep_current, args=(self.index, stop, self.sync_every, self.rescan_every),
                                  name="bilingual-serve-sync", daemon=True)
        if self.sync_every > 0:
            thread.start()
        yield
        stop.set()


def create_app(archive: Archive, token: str, read_only: bool = False, hosts: list[str] | None = None,
               sync_every: float = 2.0, rescan_every: float = 60.0) -> Guard:
    """The ASGI app. hosts: the Host names answered (None: any, for a wildcard bind). Every sync_every seconds
    translations new in the memory are taken in; every rescan_every seconds changed posts (0: never)."""
    site = _Site(archive, token, read_only, sync_every, rescan_every)
    routes = [
        Route("/", site.home), Route("/sources", site.sources), Route("/month/{month}", site.month),
        Route("/outlet", site.outlet),
        Route("/post/{id:int}", site.post), Route("/sentence/{id:int}", site.sentence),
        Route("/sentence/{id:int}", site.sentence_form, methods=["POST"]),
        Route("/sentence/{id:int}/undo", site.sentence_form, methods=["POST"]),
        Route("/search", site.search_page), Route("/concordance", site.concordance_page), Route("/queue", site.queue),
        Route("/glossary", site.glossary_form, methods=["POST"]),
        Route("/api/search", site.api_search), Route("/api/posts/{id:int}", site.api_post),
        Route("/api/history", site.api_history),
        Route("/api/corrections", site.api_corrections, methods=["POST"]),
        Route("/api/corrections/undo", site.api_undo, methods=["POST"]),
        Route("/api/glossary", site.api_glossary, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=site.lifespan, exception_handlers={
        HTTPException: site.http_error, Refused: site.refused, BilingualError: site.user_error,
        Exception: site.bug})
    return Guard(app, hosts)


def _keep_current(index: Index, stop: threading.Event, sync_every: float, rescan_every: float) -> None:
    import logging
    import time

    last_scan = time.monotonic()
    while not stop.wait(sync_every):
        try:
            index.sync_memory()
            if rescan_every and time.monotonic() - last_scan >= rescan_every:
                index.refresh()
                last_scan = time.monotonic()
        except Exception as exc:  # a locked memory or a vanished file: try again next round, say so once
            logging.getLogger("bilingual.serve").warning("could not bring the index up to date: %s", exc)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"error": " ".join(message.split())}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status)


async def _json_body(request: Request) -> dict[str, Any]:
    if "json" not in request.headers.get("content-type", ""):
        raise Refused(415, "send JSON (Content-Type: application/json)")
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(400, f"the body is not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise Refused(400, "the body must be a JSON object")
    return body


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _page(request: Request) -> int:
    text = request.query_params.get("page", "1")
    if not text.isdigit() or not 1 <= int(text) <= 100000:
        raise HTTPException(400, "page must be a number from 1")
    return int(text)


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _date(text: str, name: str) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{name}={text[:20]!r}: expected a date as YYYY-MM-DD") from None


def _search(index: Index, request: Request) -> tuple[int, list, int]:
    params = request.query_params
    query = search.parse(params.get("q", ""))
    text = params.get("page", "1")
    if not text.isdigit() or not 1 <= int(text) <= 100000:
        raise ValueError("page must be a number from 1")
    number = int(text)
    total, hits = index.search(query, outlet=params.get("outlet", ""), date_from=_date(params.get("from", ""), "from"),
                               date_to=_date(params.get("to", ""), "to"), page=number)
    return total, hits, number


def _month_name(key: str) -> str:
    try:
        return dt.datetime.strptime(key, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return "Undated" if not key else key

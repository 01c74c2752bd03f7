"""Safe by default: the token every write needs, same-origin checks, a Content-Security-Policy, host checks
against DNS rebinding, and a limit on request bodies.

The token travels in the start URL (Jupyter-style, http://127.0.0.1:8787/?token=…); the first page opened with it
sets an HttpOnly, SameSite=Strict cookie and redirects to the URL without it. A page opened with that cookie
carries the token for its forms and script; writes send it back as the X-Bilingual-Token header or a form field,
never by the cookie alone, so another site cannot make a browser write.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "X-Bilingual-Token"
TOKEN_COOKIE = "bilingual_token"
MAX_BODY = 64 * 1024  # bytes: a correction or a glossary entry is far smaller
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class Refused(Exception):
    """A request refused before it does anything: HTTP status and one line."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    return host.strip("[]") in LOOPBACK or host.startswith("127.")


def cookie_token_ok(request: Request, token: str) -> bool:
    given = request.cookies.get(TOKEN_COOKIE, "")
    return bool(given) and secrets.compare_digest(given.encode(), token.encode())


def check_write(request: Request, token: str, read_only: bool, form_token: str | None = None) -> None:
    """Raise Refused unless this request may write: not read-only, the right token, from this origin."""
    if read_only:
        raise Refused(403, "this server is read-only (--read-only)")
    given = request.headers.get(TOKEN_HEADER) or form_token
    if not given:
        raise Refused(401, f"no token: send the {TOKEN_HEADER} header (the token is in the start URL)")
    if not secrets.compare_digest(given.encode(), token.encode()):
        raise Refused(403, "wrong token")
    check_same_origin(request)


def check_same_origin(request: Request) -> None:
    """Browsers say where a request comes from (Sec-Fetch-Site, Origin, Referer); another origin is refused.
    Clients that send none of them (curl, scripts) are judged by the token alone."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise Refused(403, f"cross-site request refused (Sec-Fetch-Site: {site})")
    ours = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if origin is not None:
        if origin != ours:
            raise Refused(403, f"cross-origin request refused (Origin: {origin[:80]})")
        return
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        if f"{parts.scheme}://{parts.netloc}" != ours:
            raise Refused(403, "cross-origin request refused (Referer from another site)")


class Guard:
    """ASGI middleware: host check, body size limit, security headers on every response."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None, max_body: int = MAX_BODY):
        self.app = app
        self.hosts = None if hosts is None else {h.lower() for h in hosts}
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name.strip("[]").lower() not in self.hosts:
                await _plain(send, 400, "unknown Host header (this server answers only to its own address)")
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, f"request body larger than {self.max_body} bytes")
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise Refused(413, f"request body larger than {self.max_body} bytes")
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, limited, secured)


async def _plain(send: Send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})

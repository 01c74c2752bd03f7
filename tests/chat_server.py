"""An OpenAI-compatible chat-completions server for the tests, on 127.0.0.1 over real HTTP: it answers the
bilingual contract ({"sentences": [...]} at the end of the last user message; {"translations": [...]} back)
with any translate function (the real Argos model in the model tests), and misbehaves on demand.

    with ChatServer(engine.translate) as server:
        server.faults += ["500", "fewer"]     # the next requests, one fault each, in order
        server.drop_terms = True              # every answer lacks the required renderings
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "argos-zh-en"
FAULTS = ("500", "429", "timeout", "fewer", "garbage", "fenced", "die", "no-schema")


class ChatServer:
    def __init__(self, translate: Callable[[Sequence[str]], list[str]], port: int = 0, timeout_sleep: float = 3.0):
        self.translate = translate
        self.faults: list[str] = []
        self.drop_terms = False
        self.die_after: int | None = None  # chat requests answered before the server dies
        self.requests: list[dict] = []  # every chat request's body, in order
        self.timeout_sleep = timeout_sleep
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _next_fault(self) -> str | None:
        with self._lock:
            if self.die_after is not None and len(self.requests) > self.die_after:
                return "die"
            return self.faults.pop(0) if self.faults else None

    def answer(self, body: dict) -> tuple[int, dict, dict]:
        """(status, headers, JSON body) for a chat request."""
        if body.get("model") != MODEL:
            return 404, {}, {"error": {"message": f"model '{body.get('model')}' not found"}}
        prompt = body["messages"][-1]["content"]
        sentences = json.loads(prompt[prompt.rindex('{"sentences"'):])["sentences"]
        translations = self.translate(sentences)
        if self.drop_terms:
            for rendering in re.findall(r"^- .+ → (.+)$", prompt, flags=re.M):
                translations = [t.replace(rendering, "").replace("  ", " ") for t in translations]
        content = json.dumps({"translations": translations}, ensure_ascii=False)
        return 200, {}, {"choices": [{"message": {"role": "assistant", "content": content}}]}

    @staticmethod
    def refusal(fault: str | None, body: dict) -> tuple[int, dict, dict] | None:
        if fault == "500":
            return 500, {"error": {"message": "internal error"}}, {}
        if fault == "429":
            return 429, {"error": {"message": "rate limited"}}, {"Retry-After": "0"}
        if fault == "no-schema" and "response_format" in body:
            return 400, {"error": {"message": "response_format is not supported"}}, {}
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": "not found"}})
                    return
                with server._lock:
                    server.requests.append(body)
                fault = server._next_fault()
                if fault == "die":
                    # the server goes away mid-run: this connection is dropped, later ones refused
                    threading.Thread(target=server.stop, daemon=True).start()
                    self.close_connection = True
                    return
                refused = server.refusal(fault, body)
                if refused is not None:
                    self._send(*refused)
                    return
                if fault == "timeout":
                    time.sleep(server.timeout_sleep)
                status, headers, payload = server.answer(body)
                if status == 200 and fault in ("fewer", "garbage", "fenced"):
                    payload["choices"][0]["message"]["content"] = _spoiled(
                        fault, payload["choices"][0]["message"]["content"])
                self._send(status, payload, headers)

        return Handler


def _spoiled(fault: str, content: str) -> str:
    translations = json.loads(content)["translations"]
    if fault == "fewer":
        return json.dumps({"translations": translations[:-1]})
    if fault == "garbage":
        return "Sure! Here are your translations: " + "; ".join(translations)
    return "```json\n" + json.dumps({"translations": translations}) + "\n```"

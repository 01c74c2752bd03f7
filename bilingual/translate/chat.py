"""An OpenAI-compatible chat-completions server as the engine (llama.cpp's server, Ollama, vLLM, LM Studio, or a
hosted API): the same TranslationEngine protocol as the CTranslate2 Engine, so the memory, the glossary's
verification and enforcement and the names layer serve it unchanged.

The contract: each request's last user message ends with a JSON object {"sentences": [...]}, the sentences to
translate, after the paragraphs they come from and the required renderings of their terms and names; the answer's
content is JSON {"translations": [...]}, one per sentence (asked for with response_format and a JSON schema; a
server that refuses response_format is asked again without it). An answer that does not keep the contract is
asked for again, then sentence by sentence, then left empty, which the translator's quality checks flag. A
sentence missing a required rendering is asked for once more with that rendering insisted on; the translator's
enforcement steps follow as for the MT model.

Requests run in parallel (concurrency); 429 and 5xx answers, timeouts and dropped connections are retried with
exponential backoff; what the server still refuses after that ends the run with one line naming the URL. The
translator commits each slice as it finishes, so a run whose server dies keeps what was done and resumes.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bilingual.errors import BilingualError, OptionError
from bilingual.translate.engine import Decoding

if TYPE_CHECKING:
    import httpx

    from bilingual.terms.matching import SentenceTerms

# Part of every cached translation's key: bump when the prompt or the parsing of answers changes.
PROMPT_REVISION = 1
API_KEY_ENV = "OPENAI_API_KEY"
# Sentences per request: enough context for the model and few requests, yet a bad answer costs little to redo.
SENTENCES_PER_REQUEST = 8
CONTEXT_CHARS = 1500  # the paragraphs given as context, at most
CONTEXT_KEPT = 50_000  # sentences whose paragraph is remembered (the pipeline translates chunks of posts in turn)

SYSTEM_PROMPT = (
    "You translate Chinese news into English for a bilingual edition. Translate each sentence you are given "
    "faithfully, completely and fluently, as standard English news prose; the paragraphs are context only. Use "
    "the required English renderings exactly as written wherever their Chinese terms occur. Copy placeholders "
    "such as ZX1 through unchanged. Answer with JSON only: {\"translations\": [...]}, exactly one English string "
    "per sentence, in the order given."
)
INSIST = "Each of these sentences lacked a required rendering before: it must contain every rendering listed."

ANSWER_SCHEMA = {
    "type": "object",
    "properties": {"translations": {"type": "array", "items": {"type": "string"}}},
    "required": ["translations"],
    "additionalProperties": False,
}


class ChatServerError(BilingualError):
    """The server cannot be used: down, no such model, or still failing after the retries. Names the URL."""


@dataclass
class ChatSettings:
    api_base: str
    api_model: str
    concurrency: int = 4
    timeout: float = 120.0  # seconds for one request: a long paragraph on a slow local model takes a while
    retries: int = 4  # after the first attempt, for 429/5xx, timeouts and dropped connections
    backoff: float = 1.0  # seconds before the first retry, doubled each time (a Retry-After header wins)
    bad_answers: int = 2  # answers that break the contract, asked again this often before splitting the request
    api_key: str | None = field(default=None, repr=False)


def is_local(url: str) -> bool:
    """Whether the server's host is this machine (loopback, or one of this machine's own addresses)."""
    host = urlsplit(url).hostname or ""
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    own = {"127.0.0.1", "::1"}
    try:
        own |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        pass
    return all(ipaddress.ip_address(a.split("%")[0]).is_loopback or a in own for a in addresses)


def remote_warning(url: str) -> str | None:
    if is_local(url):
        return None
    return f"--api-base {url} is not on this machine: the posts' text is sent to it"


class ChatEngine:
    """TranslationEngine over an OpenAI-compatible /chat/completions endpoint.

    hints(source) gives a sentence's terms (glossary entries and names) whose renderings the prompt requires;
    add_context(sentences) records the paragraph a sentence comes from, for the prompt."""

    def __init__(
        self,
        settings: ChatSettings,
        decoding: Decoding | None = None,
        hints: Callable[[str], SentenceTerms] | None = None,
    ):
        import httpx

        base = settings.api_base.rstrip("/")
        if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
            raise OptionError(f"--api-base {settings.api_base}: expected an http(s) URL such as "
                              "http://127.0.0.1:11434/v1")
        if not settings.api_model:
            raise OptionError("--engine openai needs --api-model NAME (the server's model)")
        if settings.concurrency < 1:
            raise OptionError(f"--concurrency {settings.concurrency}: expected 1 or more")
        self.settings = settings
        self.base = base
        self.decoding = decoding or Decoding()
        # the engine, the server's model and the prompt decide a translation; the server's address does not
        self.model_id = f"openai:{settings.api_model}:p{PROMPT_REVISION}"
        self.hints = hints
        self._context: dict[str, str] = {}
        self._json_schema = True  # until the server refuses response_format
        self._checked = False
        self._lock = threading.Lock()
        key = settings.api_key if settings.api_key is not None else os.environ.get(API_KEY_ENV)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(headers=headers, timeout=settings.timeout,
                                    limits=httpx.Limits(max_connections=settings.concurrency))

    # -- the protocol -------------------------------------------------------------------------------------------

    def tokenize(self, sentence: str) -> list[str]:
        """Characters: the translator orders its work by length, and a server's tokens are not ours to count."""
        return list(sentence)

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        if not sentences:
            return []
        self._check_server()
        # decoding settings other than the engine's own are the translator's retries of bad output: sample
        temperature = 0.0 if decoding is None or decoding == self.decoding else 0.5
        results: list[str] = [""] * len(sentences)
        groups = [list(range(start, min(start + SENTENCES_PER_REQUEST, len(sentences))))
                  for start in range(0, len(sentences), SENTENCES_PER_REQUEST)]
        pool = ThreadPoolExecutor(max_workers=self.settings.concurrency, thread_name_prefix="bilingual-chat")
        futures = {pool.submit(self._translate_group, [sentences[i] for i in group], temperature): group
                   for group in groups}
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    for i, text in zip(futures[future], future.result(), strict=True):
                        results[i] = text
                    if progress:
                        progress(len(futures[future]))
        except BaseException:
            # a dead server or Ctrl-C: nothing more is sent, and the error is not held up by the requests in flight
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return results

    def close(self) -> None:
        self._client.close()

    def add_context(self, sentences: Sequence[str]) -> None:
        """The sentences of one paragraph (as the translator will ask for them): each is shown that paragraph."""
        from bilingual import script

        paragraph = "".join(sentences)
        if len(self._context) > CONTEXT_KEPT:  # an archive's worth of paragraphs: only the recent chunks are asked
            for sentence in list(self._context)[:CONTEXT_KEPT // 2]:
                del self._context[sentence]
        if len(sentences) > 1:
            for sentence in sentences:
                self._context.setdefault(script.to_model_input(sentence), script.to_model_input(paragraph))

    # -- one group of sentences ---------------------------------------------------------------------------------

    def _translate_group(self, sentences: list[str], temperature: float) -> list[str]:
        outputs = self._answer(sentences, temperature)
        if outputs is None:
            # the server could not keep the contract for the group: one sentence at a time; a sentence it still
            # cannot answer stays empty, and the translator flags it
            outputs = [(self._answer([s], temperature) or [""])[0] if len(sentences) > 1 else "" for s in sentences]
        missing = [n for n, (s, o) in enumerate(zip(sentences, outputs, strict=True)) if self._lacks_terms(s, o)]
        if missing:
            again = self._answer([sentences[n] for n in missing], temperature, insist=True)
            for n, output in zip(missing, again or [], strict=True):
                if self._missing_count(sentences[n], output) < self._missing_count(sentences[n], outputs[n]):
                    outputs[n] = output
        return outputs

    def _terms(self, source: str) -> SentenceTerms | None:
        if self.hints is None:
            return None
        terms = self.hints(source)
        return terms if terms else None

    def _missing_count(self, source: str, output: str) -> int:
        from bilingual.terms.matching import count_renderings

        terms = self._terms(source)
        if terms is None:
            return 0
        return sum(max(0, count - count_renderings(output, entry))
                   for entry, count in zip(terms.entries, terms.counts, strict=True))

    def _lacks_terms(self, source: str, output: str) -> bool:
        return bool(output) and self._missing_count(source, output) > 0

    def _answer(self, sentences: list[str], temperature: float, insist: bool = False) -> list[str] | None:
        """The server's translations of the sentences, or None when its answers kept breaking the contract."""
        body = {
            "model": self.settings.api_model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": self._prompt(sentences, insist)}],
            "temperature": temperature,
        }
        for _ in range(self.settings.bad_answers + 1):
            content = self._post(body)
            translations = _parse(content, len(sentences))
            if translations is not None:
                return translations
            body["temperature"] = max(temperature, 0.3)  # the same question at temperature 0 gets the same answer
        return None

    def _prompt(self, sentences: list[str], insist: bool) -> str:
        parts = []
        paragraphs = list(dict.fromkeys(self._context[s] for s in sentences if s in self._context))
        if paragraphs:
            context = "\n\n".join(paragraphs)[:CONTEXT_CHARS]
            parts.append(f"The paragraphs these sentences come from (context only):\n{context}")
        renderings: dict[str, str] = {}
        for sentence in sentences:
            terms = self._terms(sentence)
            if terms is not None:
                renderings.update(terms.pairs)
        if renderings:
            lines = "\n".join(f"- {source} → {rendering}" for source, rendering in renderings.items())
            parts.append(f"Required English renderings:\n{lines}")
        if insist:
            parts.append(INSIST)
        parts.append(f"Translate into English:\n{json.dumps({'sentences': sentences}, ensure_ascii=False)}")
        return "\n\n".join(parts)

    # -- HTTP ---------------------------------------------------------------------------------------------------

    def _post(self, body: dict[str, Any]) -> str:
        """The answer's message content; retries what may pass (429, 5xx, timeouts, dropped connections)."""
        import httpx

        url = f"{self.base}/chat/completions"
        problem = retry_after = ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                time.sleep(self._delay(attempt, retry_after))
            request = dict(body)
            if self._json_schema:
                request["response_format"] = {"type": "json_schema", "json_schema": {
                    "name": "translations", "strict": True, "schema": ANSWER_SCHEMA}}
            try:
                response = self._client.post(url, json=request)
            except httpx.TimeoutException:
                problem = f"no answer within {self.settings.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}: {_error_message(response)}".rstrip(": ")
                retry_after = response.headers.get("retry-after", "")
                continue
            if response.status_code >= 400:
                message = _error_message(response)
                lowered = message.lower()
                # (another thread may have found it out meanwhile: what counts is what this request asked)
                if "response_format" in request and ("response_format" in lowered or "json_schema" in lowered):
                    self._json_schema = False  # a server without structured output: the prompt asks for JSON
                    return self._post(body)
                if "model" in lowered and response.status_code in (400, 404):
                    raise ChatServerError(f"{url}: the server has no model {self.settings.api_model!r} "
                                          f"(HTTP {response.status_code}: {message})")
                hint = " (is --api-base right? it ends in /v1 on most servers)" if response.status_code == 404 else ""
                raise ChatServerError(f"{url}: HTTP {response.status_code}: {message}{hint}")
            try:
                return str(response.json()["choices"][0]["message"]["content"] or "")
            except (ValueError, KeyError, IndexError, TypeError):
                return ""  # not a chat completion: counts as a bad answer
        raise ChatServerError(f"{url}: {problem} after {self.settings.retries + 1} attempts; what was finished is "
                              "kept in the translation memory: run the same command again to resume")

    def _delay(self, attempt: int, retry_after: str) -> float:
        delay = self.settings.backoff * 2 ** (attempt - 1)
        if retry_after.strip().isdigit():  # the server says when (429, 503)
            delay = max(delay, float(retry_after))
        return min(delay, 60.0)

    def _check_server(self) -> None:
        """Once, before the first request: a server that is down, or lacks the model, is one line at once."""
        import httpx

        with self._lock:
            if self._checked:
                return
            url = f"{self.base}/models"
            try:
                response = self._client.get(url, timeout=min(self.settings.timeout, 10.0))
            except httpx.HTTPError as exc:
                raise ChatServerError(f"{self.base}: cannot reach the server ({type(exc).__name__}: {exc})") from None
            if response.status_code == 401:
                raise ChatServerError(f"{url}: HTTP 401 unauthorised: set {API_KEY_ENV}")
            if response.status_code == 200:  # servers without a model list (404) are checked by the first request
                try:
                    names = {str(m.get("id")) for m in response.json().get("data", [])}
                except (ValueError, AttributeError):
                    names = set()
                if names and self.settings.api_model not in names:
                    raise ChatServerError(f"{url}: the server has no model {self.settings.api_model!r}; it has "
                                          f"{', '.join(sorted(names))}")
            self._checked = True


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", "")
        message = error.get("message", "") if isinstance(error, dict) else str(error)
    except (ValueError, AttributeError):
        message = response.text
    return " ".join(str(message).split())[:200]


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def _parse(content: str, expected: int) -> list[str] | None:
    """The translations in an answer's content, or None unless it holds exactly `expected` strings."""
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError:
        return None
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, list) or len(translations) != expected:
        return None
    if not all(isinstance(t, str) for t in translations):
        return None
    return [" ".join(t.split()) for t in translations]

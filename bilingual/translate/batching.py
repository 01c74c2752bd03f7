"""Engine calls shared by many pieces of work: each piece (a slice of sentences on its way through the translation
stage) is a generator that yields the inputs it needs translated and receives their outputs; run_many() sends the
requests of every piece in flight in one engine call.

Enforcement asks for little at a time (the few sentences of a slice still missing a term, one step after another)
and a small call leaves a core idle while it waits on its slowest batch. Sent together with the first pass of the
next slices, those inputs fill the same batches. A sentence's translation depends on that sentence alone
(engine.length_batches), so what shares a call never changes an output.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bilingual.translate.engine import Decoding, Pending, TranslationEngine

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """Inputs a piece of work needs translated, with the decoding settings (None: the engine's own); shown: they
    count on the progress bar (a sentence's first pass does, its later attempts do not)."""

    sentences: list[str]
    decoding: Decoding | None = None
    shown: bool = False


# A piece of work: yields Requests, is sent each request's outputs (one per input, in order), returns its result.
# A request with no inputs is never sent: ask() returns [] at once.
Steps = Generator[Request, list[str], T]


def ask(sentences: Sequence[str], decoding: Decoding | None = None, shown: bool = False) -> Steps[list[str]]:
    """Inside a piece of work: `outputs = yield from ask(inputs)`. Nothing is asked for no inputs."""
    if not sentences:
        return []
    outputs = yield Request(list(sentences), decoding, shown)
    return outputs


def run_many(
    works: Iterable[Steps[T]],
    engine: TranslationEngine,
    on_done: Callable[[int, T], None],
    in_flight: int,
    call_size: int,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Run the pieces of work, started in the order given; every round, one engine call per decoding settings holds
    the requests of all pieces in flight. A round takes in new pieces until its calls hold call_size inputs or
    in_flight pieces are in flight. on_done(number of the piece, its result) is called once as each piece finishes
    (which may be out of order). progress(n) says that n more shown inputs are translated, batch by batch.

    With an engine that queues work (Engine.submit), the next pieces are started while a round's call runs and
    their first requests queued behind it: the workers go on with them while this round's outputs are handled and
    its pieces' next requests are made, instead of waiting at the end of every call (the first pass of a run ran
    at 0.78x the model's limit in rounds, one call at a time)."""
    if in_flight < 1 or call_size < 1:
        raise ValueError("run_many needs room for at least one piece and one input")
    queue = iter(enumerate(works))
    active: dict[int, tuple[Steps[T], Request]] = {}
    ahead: dict[int, tuple[Steps[T], Request]] = {}  # started during the last call, their requests queued then
    ahead_call: _Call | None = None
    queues = hasattr(engine, "submit")
    first: set[int] = set()  # pieces whose request in hand is their first

    def start(into: dict[int, tuple[Steps[T], Request]]) -> None:
        """Start new pieces into `into` (active or ahead) while fewer than in_flight are started and its requests
        hold fewer than call_size inputs."""
        asked = sum(len(request.sentences) for _, request in into.values())
        while len(active) + len(ahead) < in_flight and asked < call_size:
            number_work = next(queue, None)
            if number_work is None:
                return
            number, work = number_work
            try:
                into[number] = (work, next(work))
                first.add(number)
                asked += len(into[number][1].sentences)
            except StopIteration as done:
                on_done(number, done.value)

    while True:
        active.update(ahead)
        came_ahead, ahead = set(ahead), {}
        start(active)
        if not active:
            return
        call = _Call({n: r for n, (_, r) in active.items() if n not in came_ahead}, engine, progress)
        # only while every piece is on its first pass: follow-up requests (enforcement) already fill a round's call,
        # and queued behind new first passes they would keep their pieces (and the in-flight room) waiting
        if queues and active.keys() <= first:
            start(ahead)
        next_call = _Call({n: r for n, (_, r) in ahead.items()}, engine, progress) if ahead else None
        outputs = (ahead_call.collect() if ahead_call is not None else {}) | call.collect()
        ahead_call = next_call
        for number in list(active):
            work = active[number][0]
            first.discard(number)
            try:
                active[number] = (work, work.send(outputs[number]))
            except StopIteration as done:
                del active[number]
                on_done(number, done.value)


class _Call:
    """One engine call per decoding settings for the requests of several pieces: queued at once where the engine
    queues work (Engine.submit), else made when collected."""

    def __init__(self, requests: dict[int, Request], engine: TranslationEngine,
                 progress: Callable[[int], None] | None):
        self.requests, self.engine, self.progress = requests, engine, progress
        self.groups: list[tuple[Decoding | None, list[int], list[str], Pending | None]] = []
        by_decoding: dict[Decoding | None, list[int]] = {}
        for number, request in requests.items():
            by_decoding.setdefault(request.decoding, []).append(number)
        submit = getattr(engine, "submit", None)
        for decoding, numbers in by_decoding.items():
            # an input two pieces ask for (twins in two slices, the same attempt) is translated once
            inputs = list(dict.fromkeys(s for n in numbers for s in requests[n].sentences))
            self.groups.append((decoding, numbers, inputs, submit(inputs, decoding) if submit else None))

    def collect(self) -> dict[int, list[str]]:
        """The outputs of every piece's request."""
        outputs: dict[int, list[str]] = {}
        for decoding, numbers, inputs, pending in self.groups:
            shown = sum(len(self.requests[n].sentences) for n in numbers if self.requests[n].shown)
            counter = _ShareOfProgress(self.progress, shown, len(inputs)) if self.progress and shown else None
            if pending is not None:
                translations = pending(counter)
            else:
                translations = self.engine.translate(inputs, decoding=decoding, progress=counter)
            translated = dict(zip(inputs, translations, strict=True))
            if counter:
                counter.finish()
            for n in numbers:
                outputs[n] = [translated[s] for s in self.requests[n].sentences]
        return outputs


class _ShareOfProgress:
    """The engine reports every input of a call as its batch comes back; the bar counts only the shown ones, so
    each report moves it by the shown share."""

    def __init__(self, progress: Callable[[int], None], shown: int, total: int):
        self.progress, self.shown, self.total = progress, shown, total
        self.done = self.reported = 0

    def __call__(self, count: int) -> None:
        self.done += count
        self._report(min(self.shown, self.shown * self.done // self.total))

    def finish(self) -> None:
        self._report(self.shown)

    def _report(self, target: int) -> None:
        if target > self.reported:
            self.progress(target - self.reported)
            self.reported = target

"""Engine calls shared by slices: each slice gets back exactly its own outputs, and the progress bar ends full."""

from bilingual.translate import batching
from bilingual.translate.engine import Decoding


class RecordingEngine:
    """Upper-cases its inputs and records each call, as the real engine would be called."""

    decoding = Decoding()

    def __init__(self):
        self.calls: list[list[str]] = []

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append(list(sentences))
        for _ in sentences:
            if progress:
                progress(1)
        return [s.upper() + ("!" if decoding else "") for s in sentences]


def passthrough_work():
    """A slice with nothing for the model (URLs, English lines): done without asking."""
    yield from batching.ask([])
    return ["http://example.org"]


def slice_work(name: str, rounds: int):
    """A slice that asks for its first pass, then for `rounds` smaller follow-ups (one with other decoding)."""
    first = yield from batching.ask([f"{name}-a", f"{name}-b"], shown=True)
    later = []
    for n in range(rounds):
        decoding = Decoding(beam_size=4) if n == 1 else None
        later += (yield from batching.ask([f"{name}-retry{n}"], decoding=decoding))
    nothing = yield from batching.ask([])  # asks the engine for nothing
    return first + later + nothing


def test_slices_share_engine_calls_and_each_gets_its_own_outputs():
    engine = RecordingEngine()
    done: list[tuple[int, list[str]]] = []
    shown: list[int] = []
    works = [slice_work("x", 0), passthrough_work(), slice_work("y", 2), slice_work("z", 1)]
    batching.run_many(works, engine, lambda n, result: done.append((n, result)), in_flight=2, call_size=4,
                      progress=shown.append)
    # each slice is committed once, with its own outputs
    assert sorted(done) == [(0, ["X-A", "X-B"]), (1, ["http://example.org"]),
                            (2, ["Y-A", "Y-B", "Y-RETRY0", "Y-RETRY1!"]), (3, ["Z-A", "Z-B", "Z-RETRY0"])]
    # the first call holds two slices' first passes; z starts as soon as x is done, beside y's follow-up
    assert engine.calls[0] == ["x-a", "x-b", "y-a", "y-b"]
    assert engine.calls[1] == ["y-retry0", "z-a", "z-b"]
    assert sum(shown) == 6  # only first passes count on the bar, and it ends full



def test_an_input_two_slices_ask_for_is_translated_once_and_both_get_it():
    engine = RecordingEngine()
    done: list[tuple[int, list[str]]] = []
    shown: list[int] = []
    batching.run_many([slice_work("x", 0), slice_work("x", 0)], engine, lambda n, result: done.append((n, result)),
                      in_flight=2, call_size=4, progress=shown.append)
    assert engine.calls == [["x-a", "x-b"]]
    assert sorted(done) == [(0, ["X-A", "X-B"]), (1, ["X-A", "X-B"])]
    assert sum(shown) == 4  # the bar counts both slices' sentences


class QueueingEngine(RecordingEngine):
    """Like the real Engine: submit() queues a call and returns at once; the events say what happened when."""

    def __init__(self):
        super().__init__()
        self.events: list[str] = []

    def submit(self, sentences, decoding=None):
        number = len(self.calls)
        self.calls.append(list(sentences))
        self.events.append(f"submit {number}")

        def collect(progress=None):
            self.events.append(f"collect {number}")
            for _ in sentences:
                if progress:
                    progress(1)
            return [s.upper() + ("!" if decoding else "") for s in sentences]

        return collect


def test_an_engine_that_queues_gets_the_next_slices_before_a_call_is_collected():
    """While a call runs, the next slices' first passes are queued behind it, so the workers never wait on the
    handling of a call's outputs; every slice still gets its own outputs, as with an engine that does not queue."""
    queued, plain = QueueingEngine(), RecordingEngine()
    results = {}
    for engine in (queued, plain):
        done: list[tuple[int, list[str]]] = []
        shown: list[int] = []
        works = [slice_work("w", 1), slice_work("x", 0), slice_work("y", 2), slice_work("z", 1)]
        batching.run_many(works, engine, lambda n, result, done=done: done.append((n, result)), in_flight=3,
                          call_size=2, progress=shown.append)
        results[engine] = sorted(done)
        assert sum(shown) == 8
    assert results[queued] == results[plain]
    assert queued.calls[0] == ["w-a", "w-b"] and queued.calls[1] == ["x-a", "x-b"]
    assert queued.events[:3] == ["submit 0", "submit 1", "collect 0"]  # x queued before w's call is collected
    assert max(map(len, queued.calls)) <= 3

"""Running the model: the package's CTranslate2 model and SentencePiece tokenizer, batched so that a sentence's
translation never depends on its batch-mates. Finding and installing the package is models.py.

argostranslate's own translate() splits sentences with Stanza (torch, and a download that fails offline), so we
tokenize with the package's SentencePiece model and call CTranslate2 ourselves.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Protocol

from bilingual.errors import OptionError
from bilingual.models import ModelInfo, ModelNotFound
from bilingual.translate import checks

_POLL_SECONDS = 0.02
# What the engine does to the model's output after decoding, in every cache key (Decoding.key): bump when it changes.
# 1: the model's stock phrases removed (checks.without_boilerplate)
OUTPUT_REVISION = 1
_INTERRUPTED_MODELS: list[object] = []
# What Engine.submit returns: wait for the queued sentences (reporting each batch to progress) and give them.
Pending = Callable[[Callable[[int], None] | None], list[str]]


@dataclass(frozen=True)
class Decoding:
    """Decoding settings; part of every cache key (but the batch size, see key()). Defaults chosen by
    benchmarks/quality_speed.py."""

    beam_size: int = 2
    # one length bin a batch (see length_batches); 64 keeps both cores busy with the fewest calls (README, Speed)
    max_batch_size: int = 64
    length_penalty: float = 0.2
    max_decoding_length: int = 256
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0

    def key(self) -> str:
        # The batch size never changes a translation (bins fix the padded length, see length_batches), so the key holds
        # one fixed value for it (32): memories written with any batch size serve.
        return json.dumps({**asdict(self), "max_batch_size": 32, "output": OUTPUT_REVISION}, sort_keys=True)


class TranslationEngine(Protocol):
    """What the translation stage needs from wherever the model runs (Engine here, DaskEngine on a cluster,
    fakes in tests): translations that depend on each sentence alone, and its token count for batching."""

    model_id: str
    decoding: Decoding

    def tokenize(self, sentence: str) -> list[str]: ...

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]: ...

    def close(self) -> None: ...


class Tokenizing:
    """What every engine shares: the model's identity, its decoding settings and its SentencePiece tokenizer
    (batches are formed from token lengths, wherever the model runs)."""

    def __init__(self, model: ModelInfo, decoding: Decoding | None = None):
        import sentencepiece

        self.model = model
        self.decoding = decoding or Decoding()
        self.model_id = model.model_id
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model.source_spm))
        target = model.target_spm
        self._target_sp = sentencepiece.SentencePieceProcessor(model_file=str(target)) if target else None

    def tokenize(self, sentence: str) -> list[str]:
        """The model's input for a sentence: its pieces, with the model's language tokens around them."""
        pieces = self._sp.encode(sentence, out_type=str)
        if self.model.source_prefix or self.model.source_suffix:
            return [*self.model.source_prefix, *pieces, *self.model.source_suffix]
        return pieces

    def detokenize(self, pieces: Sequence[str]) -> str:
        prefix = self.model.target_prefix
        if prefix and tuple(pieces[:len(prefix)]) == prefix:
            pieces = pieces[len(prefix):]
        if self._target_sp is not None:
            return str(self._target_sp.decode_pieces(list(pieces))).strip()
        return detokenize(pieces)

    def close(self) -> None:
        """Release what the engine holds (a cluster); nothing for an in-process model."""


DEVICES = ("auto", "cpu", "cuda")


class Engine(Tokenizing):
    """A loaded model. translate() is deterministic per sentence: see length_batches()."""

    def __init__(
        self, model: ModelInfo, decoding: Decoding | None = None, threads: int = 0, device: str = "cpu",
        compute_type: str = "auto",
    ):
        super().__init__(model, decoding)
        self._filler_tokens: list[str] = []
        if device not in DEVICES:
            raise OptionError(f"--device {device}: expected one of {', '.join(DEVICES)}")
        self.device = _resolved_device(device)
        self.compute_type = compute_type
        # One batch per core, each on one thread: on the 2-core machines 2x1 ran 23.9 sentences/s, one batch
        # on 2 threads 8.4, one on 1 thread 12.0, all with identical output (benchmarks/quality_speed.py,
        # threads table). The weights are shared between the parallel batches. On a GPU one batch at a time.
        self.workers = 1 if self.device == "cuda" else threads or (os.cpu_count() or 1)
        # another device or precision can change a translation: a cached one is then not reused
        if self.device != "cpu" or compute_type != "auto":
            self.model_id = f"{self.model_id}-{self.device}-{compute_type}"

    @cached_property
    def _translator(self):
        """The CTranslate2 model, loaded on first use: a run served wholly from the cache never loads it."""
        import ctranslate2

        try:
            return ctranslate2.Translator(
                str(self.model.model_dir),
                device=self.device,
                inter_threads=self.workers,
                intra_threads=1 if self.device == "cpu" else 0,
                compute_type=self.compute_type,
                # a full queue blocks translate_batch even when asynchronous: submit() must return at once, so
                # the next slices queued behind a call do not hold up the handling of its outputs
                max_queued_batches=-1,
            )
        except (RuntimeError, ValueError) as exc:  # a corrupt model.bin, an unknown compute type, no GPU
            raise ModelNotFound(f"{self.model.model_dir}: cannot load the model ({exc})") from None

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Translate sentences (Simplified Chinese) to English, one string per sentence, in order."""
        return self.submit(sentences, decoding)(progress)

    def submit(self, sentences: Sequence[str], decoding: Decoding | None = None) -> Pending:
        """Queue sentences for translation and return at once: the returned function waits for them and gives
        their translations (as translate()). Work submitted before another call is collected keeps the workers busy
        across it (batching.run_many submits the next slices' first pass so)."""
        decoding = decoding or self.decoding
        tokens = [self.tokenize(s) for s in sentences]
        results: list[str] = [""] * len(sentences)
        # Every batch is queued at once (asynchronous) so each of the translator's workers always has one.
        pending = []
        batches = spread(length_batches(tokens, decoding.max_batch_size), self.workers)
        for batch, padded_length in batches:
            inputs = [tokens[i] for i in batch]
            if max(map(len, inputs)) < padded_length:
                inputs.append(self._filler(padded_length))
            futures = self._translator.translate_batch(
                inputs,
                beam_size=decoding.beam_size,
                length_penalty=decoding.length_penalty,
                # A looping hypothesis would hold the whole batch to the global limit: cap output length by
                # the bin (English runs ~1.3 tokens per source token here; 3x + 20 leaves ample room).
                max_decoding_length=min(decoding.max_decoding_length, 3 * padded_length + 20),
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                repetition_penalty=decoding.repetition_penalty,
                replace_unknowns=True,
                max_batch_size=len(inputs),
                target_prefix=[list(self.model.target_prefix)] * len(inputs) if self.model.target_prefix else None,
                asynchronous=True,
            )
            pending.append((batch, futures))

        def collect(progress: Callable[[int], None] | None = None) -> list[str]:
            try:
                for batch, futures in pending:
                    for i, future in zip(batch, futures, strict=False):  # the filler's output is dropped
                        # result() would block inside CTranslate2, where Ctrl-C is not seen until the batch is done
                        while not future.done():
                            time.sleep(_POLL_SECONDS)
                        output = self.detokenize(future.result().hypotheses[0])
                        results[i] = checks.without_boilerplate(sentences[i], output)
                    if progress:
                        progress(len(batch))
            except KeyboardInterrupt:
                # Freeing the model waits for its queued batches: keep it, so the console script can exit at once.
                _INTERRUPTED_MODELS.append(self._translator)
                raise
            return results

        return collect

    def _filler(self, length: int) -> list[str]:
        """A natural sentence cut to exactly `length` tokens: it fixes the batch's padded length."""
        if len(self._filler_tokens) < length:
            self._filler_tokens = self.tokenize(FILLER_TEXT * (length // 20 + 2))
        return self._filler_tokens[:length]


# Width of the token-length bins. Every batch is padded to the top of its bin (with a filler sentence when no
# member is that long), so a sentence is always translated at the same padded length. Measured: 0 of 300
# sentences changed across shuffled batch compositions and batch sizes, at 7.9 sentences/s where batches of one
# exact length gave 3.4 and free padding 14 (but changed 4-50 of 300 translations depending on the beam).
BIN_WIDTH = 8
FILLER_TEXT = (
    "中国外交部发言人在今天下午举行的例行记者会上回答了记者关于两国关系、地区局势以及国际合作等问题的提问，"
    "并表示中方愿同各方一道加强沟通协调，共同维护地区和平稳定与发展繁荣。"
)


def _resolved_device(device: str) -> str:
    """auto: the GPU where CTranslate2 sees one, else the CPU."""
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def padded_length(length: int) -> int:
    return ((max(length, 1) - 1) // BIN_WIDTH + 1) * BIN_WIDTH


def length_batches(tokens: list[list[str]], max_batch_size: int) -> list[tuple[list[int], int]]:
    """(indices, padded length) batches: one length bin per batch, room left for a filler sentence.

    CTranslate2 pads a batch to its longest member and the padding changes the output (measured: up to 50 of
    300 sentences at beam 1). Fixing the padded length per bin makes a sentence's translation independent of
    what else is in the run, so caching and resuming are exact.
    """
    by_bin: dict[int, list[int]] = {}
    for index, toks in enumerate(tokens):
        by_bin.setdefault(padded_length(len(toks)), []).append(index)
    size = max(1, max_batch_size - 1)
    batches = []
    for top in sorted(by_bin):
        group = sorted(by_bin[top], key=lambda i: len(tokens[i]))
        for start in range(0, len(group), size):
            batches.append((group[start:start + size], top))
    return batches


def spread(batches: list[tuple[list[int], int]], workers: int, smallest: int = 4) -> list[tuple[list[int], int]]:
    """The batches of one call, costliest first, each split in halves (down to `smallest` sentences) while it
    holds more than one worker's share of the call: a call of a few long sentences of one bin (enforcement's
    late requests) would otherwise keep one core busy while the other waits. Splitting within a bin changes no
    translation (the bin fixes the padded length). Measured on the corpus run's 16 engine calls, replayed:
    59.6 s against 61.3 s unsplit, output identical."""

    def cost(batch: tuple[list[int], int]) -> int:
        return (len(batch[0]) + 1) * batch[1]

    share = sum(map(cost, batches)) / max(1, workers)
    work = sorted(batches, key=cost, reverse=True)
    done = []
    while work:
        batch = work.pop(0)
        if cost(batch) > share and len(batch[0]) >= 2 * smallest:
            half = len(batch[0]) // 2
            work += [(batch[0][:half], batch[1]), (batch[0][half:], batch[1])]
            work.sort(key=cost, reverse=True)
        else:
            done.append(batch)
    return sorted(done, key=cost, reverse=True)


_SPACED_CLITIC = re.compile(r"(\w) ' (s|t|re|ve|ll|d|m)\b")
_SPACED_PLURAL_POSSESSIVE = re.compile(r"(\ws) ' (?=\w)")


def detokenize(pieces: Sequence[str]) -> str:
    # Target pieces are not all in the source SentencePiece vocabulary, so join them ourselves.
    text = "".join(pieces).replace("\u2581", " ").strip()
    # The model emits apostrophes as separate pieces: "China ' s" -> "China's", "members ' " -> "members' "
    text = _SPACED_CLITIC.sub(r"\1'\2", text)
    return _SPACED_PLURAL_POSSESSIVE.sub(r"\1' ", text)

"""What the sentence embeddings cost: model load time, p50/p95 to embed one message, and memory.

The featurizer (bot/rasa_plugins/sentence_embeddings.py) runs on every message Rasa parses, so its time adds to
every answer. Also times a batch of training examples (what `make train` pays per 1 000 examples), and the typo
correction before embedding (bot/rasa_plugins/spelling.py): building it from all our examples, and one message.
"""
from __future__ import annotations

import resource
import statistics
import time

from bot.nlu_eval import load_examples
from bot.rasa_plugins import sentence_embeddings
from bot.rasa_plugins.spelling import Speller, word_frequency

MESSAGES = ["faren min døde i går", "we just had a baby, what do I need to do?", "hva er uskifte?",
            "jeg har sendt søknaden om dagpenger", "hva blir været i morgen?", "ord " * 200]
ROUNDS = 40


def main() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    sentence_embeddings.embedding_model()
    print(f"model load: {(time.perf_counter() - started) * 1000:.0f} ms")
    timings = []
    for _ in range(ROUNDS):
        for text in MESSAGES:
            started = time.perf_counter()
            sentence_embeddings.embed([text])
            timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=20)  # cuts[9] is the median, cuts[18] the 95th percentile
    print(f"one message: p50 {cuts[9]:.1f} ms, p95 {cuts[18]:.1f} ms ({len(timings)} calls)")
    # the model file is memory-mapped: its pages count once they have been read, so measure after use
    print(f"peak memory: +{(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024:.0f} MB")
    batch = [f"{text} {i}" for i in range(200) for text in MESSAGES[:5]]  # 1 000 short messages
    started = time.perf_counter()
    sentence_embeddings.embed(batch)
    print(f"1 000 training examples in one batch: {time.perf_counter() - started:.1f} s")

    texts = [text for text, _, _ in load_examples()]
    started = time.perf_counter()
    speller = Speller(word_frequency(sentence_embeddings.readable(text) for text in texts))  # as at training
    print(f"typo correction built from {len(texts)} examples: {(time.perf_counter() - started) * 1000:.0f} ms")
    timings = []
    for _ in range(ROUNDS):
        for text in MESSAGES + ["starte bedrft", "begravlse av mamma"]:
            started = time.perf_counter()
            speller.correct(sentence_embeddings.embedding_text(text))
            timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=20)
    print(f"typo correction of one message: p50 {cuts[9]:.3f} ms, p95 {cuts[18]:.3f} ms")


if __name__ == "__main__":
    main()

"""Time the full agreement report on a generated corpus: 3 annotators, 1,000 articles, 50 spans each.

Run: ``python benchmarks/bench_agreement.py [--articles N] [--runs N]``. Prints the median seconds of
``build_report`` (every coefficient: token-level kappas, alpha and AC1 per label and overall, per
article and corpus; alpha_U per article and on the whole corpus; span matching in four schemes per
pair and label). Target: at most 2 s on a 2-core machine. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.agreement import ArticleInput, build_report, render_text

LABELS = ("claim", "denial", "demand", "evidence")


def _tokens(rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Word-like tokens of 1-10 characters separated by single spaces."""
    tokens, pos = [], 0
    for _ in range(count):
        length = rng.randint(1, 10)
        tokens.append((pos, pos + length))
        pos += length + 1
    return tokens


def _gold(rng: random.Random, tokens: list[tuple[int, int]], spans: int) -> list[tuple[int, int, str]]:
    """Spans of 1-6 tokens with random labels, laid out left to right; one in ten overlaps the previous."""
    out: list[tuple[int, int, str]] = []
    room = len(tokens) // spans  # tokens available per span
    for k in range(spans):
        first = k * room + rng.randrange(room - 6)
        if out and rng.random() < 0.1:
            first = max(0, first - room + 3)  # reach back into the previous span
        last = first + rng.randint(0, 5)
        out.append((tokens[first][0], tokens[last][1], rng.choice(LABELS)))
    return out


def _extra(rng: random.Random, tokens: list[tuple[int, int]]) -> tuple[int, int, str]:
    """A span anywhere, as an annotator's own find."""
    first = rng.randrange(len(tokens) - 6)
    return tokens[first][0], tokens[first + rng.randint(0, 5)][1], rng.choice(LABELS)


def _annotator(
    rng: random.Random, tokens: list[tuple[int, int]], gold: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A noisy copy of the gold spans: some shifted, relabelled or replaced; always as many."""
    starts = {t[0]: i for i, t in enumerate(tokens)}
    out = []
    for start, end, label in gold:
        roll = rng.random()
        if roll < 0.6:
            out.append((start, end, label))
        elif roll < 0.75:  # the start moved by one token, either way
            i = starts[start]
            moved = tokens[max(0, i - 1)][0] if rng.random() < 0.5 else tokens[i + 1][0]
            out.append((moved if moved < end else start, end, label))
        elif roll < 0.85:
            out.append((start, end, rng.choice(LABELS)))
        else:
            out.append(_extra(rng, tokens))
    return out


def corpus(articles: int, spans: int = 50, annotators: int = 3, seed: int = 7) -> list[ArticleInput]:
    """Generated articles of 450 tokens (about 2,700 characters) each."""
    rng = random.Random(seed)
    out = []
    for a in range(articles):
        tokens = _tokens(rng, 450)
        gold = _gold(rng, tokens, spans)
        out.append(
            ArticleInput(
                f"article-{a:04d}",
                tokens[-1][1],
                tokens,
                {f"ann{r + 1}": _annotator(rng, tokens, gold) for r in range(annotators)},
            )
        )
    return out


def main() -> None:
    """Build the corpus once, then time the report a few times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", action="store_true", help="100 articles, 2 runs (for CI)")
    args = parser.parse_args()
    if args.small:
        args.articles, args.runs = 100, 2
    articles = corpus(args.articles)
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        report = build_report(articles)
        times.append(time.perf_counter() - began)
    print(
        json.dumps(
            {
                "benchmark": f"agreement: every coefficient, 3 annotators x {args.articles} articles x 50 spans",
                "median_s": round(statistics.median(times), 4),
                "target_s": 2.0 if args.articles == 1000 else None,
            }
        ),
        flush=True,
    )
    print(
        f"{args.articles} articles x 3 annotators x 50 spans: build_report median "
        f"{statistics.median(times):.3f} s over {args.runs} runs "
        f"(min {min(times):.3f}, max {max(times):.3f}); corpus alpha "
        f"{report.corpus.tokens.krippendorff_alpha:.3f}, "
        f"alpha_U {report.corpus.unitizing.overall.alpha:.3f}"
    )
    began = time.perf_counter()
    size = len(json.dumps(report.to_dict(), allow_nan=False))
    rendered = time.perf_counter()
    render_text(report)
    print(
        f"to_dict + json.dumps {rendered - began:.3f} s ({size / 1e6:.1f} MB), "
        f"render_text {time.perf_counter() - rendered:.3f} s"
    )


if __name__ == "__main__":
    main()

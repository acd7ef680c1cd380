"""Knowledge-base benchmark: accuracy and latency on the shared dev set, with two baselines.

Run: .venv/bin/python bench/kb_bench.py   (dev set: ../shared/eval/kb-dev.jsonl or
$ZHENGBAN_EVAL_DIR/kb-dev.jsonl; held-out set: bench/data/kb_heldout.jsonl, never tuned on).
Prints one line per figure.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bm25s
import jieba
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge import KnowledgeBase, segment
from knowledge.articles import Article, load_articles
from knowledge.render import to_plain_text

OUT_OF_SCOPE_TOPIC = "outofscope"
SYNTHETIC_ARTICLES = 5000
HELDOUT_PATH = Path(__file__).resolve().parent / "data" / "kb_heldout.jsonl"


@dataclass(frozen=True)
class Item:
    """One dev question."""

    id: str
    question: str
    topic: str
    must: tuple[str, ...]

    @property
    def in_scope(self) -> bool:
        """Out-of-scope items are marked by topic and carry no expected strings."""
        return self.topic != OUT_OF_SCOPE_TOPIC and bool(self.must)


# A system under test returns (ranked articles, declined?) for a question.
System = Callable[[str], tuple[list[Article], bool]]


def dev_path() -> Path:
    """Locate kb-dev.jsonl from the environment or next to the repository."""
    folder = os.environ.get("ZHENGBAN_EVAL_DIR")
    if folder:
        return Path(folder) / "kb-dev.jsonl"
    return Path(__file__).resolve().parents[2] / "shared/eval/kb-dev.jsonl"


def load_items(path: Path) -> list[Item]:
    """Read the dev set's JSON lines."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            must = tuple(row.get("must_contain_any") or ())
            items.append(Item(row["id"], row["question"], row.get("topic", ""), must))
    return items


def article_text(article: Article) -> str:
    """Title plus plain-text body, lowercased, as the reader sees the answer."""
    return f"{article.title}\n{to_plain_text(article.body)}".lower()


def hits(article: Article | None, item: Item) -> bool:
    """Tell whether an article contains any of the item's expected strings."""
    return article is not None and any(m.lower() in article_text(article) for m in item.must)


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-quantile (0..1) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate(name: str, system: System, items: list[Item], build_s: float) -> None:
    """Run every dev question through a system and print its figures."""
    inscope = [i for i in items if i.in_scope]
    outscope = [i for i in items if not i.in_scope]
    top1 = top3 = declined = wrongly_declined = 0
    latencies = []
    for item in items:
        start = time.perf_counter()
        ranked, was_declined = system(item.question)
        latencies.append((time.perf_counter() - start) * 1000)
        if item.in_scope:
            top1 += hits(ranked[0] if ranked and not was_declined else None, item)
            top3 += any(hits(a, item) for a in ranked[:3])
            wrongly_declined += was_declined
        else:
            declined += was_declined
    print(f"{name}: in-scope top-1 hit rate {top1 / len(inscope):.1%} ({top1}/{len(inscope)})")
    print(f"{name}: in-scope top-3 hit rate {top3 / len(inscope):.1%} ({top3}/{len(inscope)})")
    print(
        f"{name}: out-of-scope declined rate {declined / max(1, len(outscope)):.1%} ({declined}/{len(outscope)})"
    )
    print(f"{name}: in-scope wrongly declined/unanswered {wrongly_declined}/{len(inscope)}")
    print(
        f"{name}: latency p50 {percentile(latencies, 0.5):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms"
    )
    print(f"{name}: index build {build_s * 1000:.0f} ms")


def ours(kb: KnowledgeBase) -> System:
    """Our answerer: top-1 is the answer only when it answered; any non-answer counts as declined."""

    def run(question: str) -> tuple[list[Article], bool]:
        answer = kb.answer(question)
        ranked = [h.article for h in answer.hits]
        return ranked, answer.kind != "answered"

    return run


def title_fuzz(articles: list[Article], cutoff: float = 60.0) -> System:
    """Baseline: rapidfuzz WRatio of the question against titles only."""
    titles = [a.title for a in articles]

    def run(question: str) -> tuple[list[Article], bool]:
        found = process.extract(
            question, titles, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
        )
        ranked = [articles[n] for _, _, n in found]
        return ranked, not found or found[0][1] < cutoff

    return run


def plain_bm25(articles: list[Article]) -> tuple[System, float]:
    """Baseline: BM25 (bm25s) over jieba-segmented title + body, default dictionary."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()

    def words(text: str) -> list[str]:
        return [w for w in tokenizer.lcut(text.lower()) if w.strip()]

    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index([words(f"{a.title} {a.body}") for a in articles], show_progress=False)
    build = time.perf_counter() - start

    def run(question: str) -> tuple[list[Article], bool]:
        query = words(question) or ["<empty>"]
        ids, scores = retriever.retrieve([query], k=min(3, len(articles)), show_progress=False)
        ranked = [articles[int(n)] for n in ids[0]]
        return ranked, float(scores[0][0]) <= 0.0

    return run, build


def leave_one_out(
    name: str, make: Callable[[list[Article]], System], articles: list[Article]
) -> None:
    """Hold out one question phrasing per article, rebuild, and check it finds its article."""
    top1 = top3 = total = answered = right = 0
    for fold in range(3):
        held: list[tuple[str, str]] = []
        trimmed = []
        for a in articles:
            if len(a.questions) > fold + 2:
                question = a.questions[-1 - fold]
                held.append((question, a.id))
                a = replace(a, questions=tuple(q for q in a.questions if q != question))
            trimmed.append(a)
        system = make(trimmed)
        for question, article_id in held:
            found, declined = system(question)
            ranked = [a.id for a in found[:3]]
            top1 += ranked[:1] == [article_id]
            answered += not declined
            right += not declined and ranked[:1] == [article_id]
            top3 += article_id in ranked
            total += 1
    print(
        f"{name}: leave-one-out article phrasings top-1 {top1 / total:.1%}, top-3 {top3 / total:.1%} ({total} held out, dev-independent)"
    )
    print(
        f"{name}: leave-one-out answered {answered / total:.1%}, precision when answering {right / max(1, answered):.1%}"
    )


def heldout(name: str, system: System, path: Path = HELDOUT_PATH) -> None:
    """Score a system on the held-out set (accepted article ids, or "declined")."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    top1 = top3 = declined = answered = right = 0
    inscope = [r for r in rows if r["accept"] != "declined"]
    for row in rows:
        found, was_declined = system(row["question"])
        ranked = [a.id for a in found[:3]]
        if row["accept"] == "declined":
            declined += was_declined
            continue
        accept = set(row["accept"])
        top1 += bool(ranked[:1]) and ranked[0] in accept
        top3 += bool(accept & set(ranked))
        answered += not was_declined
        right += not was_declined and bool(ranked[:1]) and ranked[0] in accept
    out = len(rows) - len(inscope)
    print(
        f"{name}: held-out top-1 {top1 / len(inscope):.1%}, top-3 {top3 / len(inscope):.1%}"
        f" ({len(inscope)} in scope), declined {declined}/{out},"
        f" answered {answered / len(inscope):.1%}, precision when answering"
        f" {right / max(1, answered):.1%}"
    )


def synthetic(articles: list[Article], count: int, seed: int = 7) -> list[Article]:
    """Make articles by recombining real sentences and questions under random ids."""
    rng = random.Random(seed)
    sentences = [s for a in articles for s in to_plain_text(a.body).split("。") if len(s) > 6]
    questions = [q for a in articles for q in a.questions]
    made = []
    for n in range(count):
        base = rng.choice(articles)
        body = "。".join(rng.sample(sentences, 6)) + "。"
        made.append(
            replace(
                base,
                id=f"syn-{n:05d}-{rng.randrange(16**6):06x}",
                title=rng.choice(sentences)[:30],
                questions=tuple(rng.sample(questions, 5)),
                body=body,
            )
        )
    return made


def main() -> int:
    """Run the benchmark and print one line per figure."""
    path = dev_path()
    if not path.exists():
        print(f"kb-dev.jsonl not found at {path}; set ZHENGBAN_EVAL_DIR. Skipping.")
        return 0
    items = load_items(path)
    start = time.perf_counter()
    segment.warm_up()
    print(
        f"segmenter warm-up (jieba dictionary, once per process) {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    articles = load_articles()
    start = time.perf_counter()
    kb = KnowledgeBase(articles)
    build = time.perf_counter() - start
    print(
        f"dev questions {len(items)} ({sum(i.in_scope for i in items)} in scope), articles {len(articles)}"
    )
    evaluate("zhengban", ours(kb), items, build)
    heldout("zhengban", ours(kb))
    leave_one_out("zhengban", lambda arts: ours(KnowledgeBase(arts)), articles)
    evaluate("baseline rapidfuzz WRatio on titles", title_fuzz(articles), items, 0.0)
    heldout("baseline rapidfuzz WRatio on titles", title_fuzz(articles))
    leave_one_out("baseline rapidfuzz WRatio on titles", title_fuzz, articles)
    bm25_system, bm25_build = plain_bm25(articles)
    evaluate("baseline plain BM25 on article text", bm25_system, items, bm25_build)
    heldout("baseline plain BM25 on article text", bm25_system)
    leave_one_out("baseline plain BM25 on article text", lambda arts: plain_bm25(arts)[0], articles)
    big = articles + synthetic(articles, SYNTHETIC_ARTICLES)
    start = time.perf_counter()
    big_kb = KnowledgeBase(big)
    big_build = time.perf_counter() - start
    latencies = []
    for item in items * 3:
        t = time.perf_counter()
        big_kb.answer(item.question)
        latencies.append((time.perf_counter() - t) * 1000)
    print(f"zhengban with {len(big)} articles: index build {big_build * 1000:.0f} ms")
    print(
        f"zhengban with {len(big)} articles: latency p50 {percentile(latencies, 0.5):.2f} ms, p95 {percentile(latencies, 0.95):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

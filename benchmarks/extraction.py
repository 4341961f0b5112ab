"""Score newsbot's article extraction against trafilatura and readability-lxml on both development sets.

Data, both in ``../shared/benchmarks`` and both used for development:

- ``article-extraction``: the scrapinghub article-extraction-benchmark copy
  (181 gzip'd pages plus ``ground-truth.json``), mostly older English pages;
- ``news-articles``: 129 news pages of 89 publishers, 17 languages,
  2023-2026, with title, authors, published time and topics besides the
  body (its README says where that truth is unreliable).

The metric is the one ``article-extraction/README.md`` defines: ``\\w+``
tokens, multisets of 4-token shingles, precision averaged over pages with
output, recall over all pages, F1 of those two averages, and exact-token
accuracy. newsbot's text is ``"\\n".join(clean_article(extract_article(html, url)).body)``,
the body the archive stores. A **lost page** is one where newsbot's recall
is below 0.5 and trafilatura's defaults reach 0.9 or more: the article body
lost where a plain extractor keeps it. Each set is also split by host into
two halves (a site's pages stay together) and F1 is printed per half, to
show whether a change helps beyond the pages it was looked at on.

Metadata on news-articles: title exactly equal (whitespace squashed),
authors equal as a set (pages whose truth names authors), published within
60 s (a truth value without offset is compared as wall-clock time), topics
by Jaccard similarity of case-folded sets (pages whose truth has topics).
trafilatura's figures come from ``bare_extraction`` with its metadata.

Run from the repository root (a few minutes on a loaded machine: every
extractor gets an untimed warm-up pass, then the timed pass runs them page
by page in turn, so that load from other processes weighs on all alike)::

    .venv/bin/python benchmarks/extraction.py

Options: ``--data-root DIR`` (the folder holding both sets), ``--only NAME``
(repeatable: newsbot, trafilatura, trafilatura-precision, readability),
``--no-warmup``, ``--no-fixtures`` (skip the fixture sites and the
article-extraction metadata checks of ``extraction_metadata.py``),
``--lost`` (list the lost and the worst pages). The final line is
machine-readable; docs/extraction.md shows a whole run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_ROOT = REPO_ROOT.parent / "shared" / "benchmarks"
SETS = ("article-extraction", "news-articles")
SHORT_NAMES = {"article-extraction": "ae", "news-articles": "na"}
# A lost page: newsbot keeps less than this share of the body ...
LOST_RECALL = 0.5
# ... where trafilatura's defaults keep at least this share.
BASELINE_RECALL = 0.9
SHINGLE_SIZE = 4
TOKEN_RE = re.compile(r"\w+")

# An extractor maps (html, url) to plain text; "" means "no output".
Extractor = Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    url: str
    html: str
    truth: str
    # The whole ground-truth record (news-articles: title, authors, published, topics).
    record: dict | None = None

    @property
    def half(self) -> str:
        """"dev" or "held-out": a fixed split by host, so one site's pages stay together.

        Failures were studied on dev pages only; held-out F1 shows
        whether they generalise.
        """
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        return "dev" if hashlib.sha256(host.encode()).digest()[0] % 2 == 0 else "held-out"


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages_per_s: float
    f1_dev: float
    f1_held_out: float
    recalls: tuple[float, ...] = ()


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(tokens: list[str]) -> Counter[tuple[str, ...]]:
    # A text shorter than one shingle still counts as one (possibly empty) shingle,
    # as in the benchmark's own evaluate.py; the empty one is dropped.
    count = max(1, len(tokens) - SHINGLE_SIZE + 1)
    return Counter(s for i in range(count) if (s := tuple(tokens[i : i + SHINGLE_SIZE])))


def page_scores(truth: str, predicted: str) -> tuple[float | None, float, bool]:
    """(precision or None when nothing was predicted, recall, exact token match)."""
    true_tokens, pred_tokens = tokenize(truth), tokenize(predicted)
    true_sh, pred_sh = shingles(true_tokens), shingles(pred_tokens)
    tp = sum((true_sh & pred_sh).values())
    n_pred, n_true = sum(pred_sh.values()), sum(true_sh.values())
    precision = tp / n_pred if n_pred else None
    recall = tp / n_true if n_true else (1.0 if not n_pred else 0.0)
    return precision, recall, true_tokens == pred_tokens


def _f1(pages: list[Page], outputs: list[str]) -> tuple[float, float, float, float]:
    """(precision, recall, F1, accuracy) as the benchmark's README defines them."""
    precisions, recalls, exact = [], [], 0
    for page, predicted in zip(pages, outputs, strict=True):
        precision, recall, same = page_scores(page.truth, predicted)
        if precision is not None:
            precisions.append(precision)
        recalls.append(recall)
        exact += same
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, exact / len(pages) if pages else 0.0


def score(name: str, pages: list[Page], outputs: list[str], seconds: float) -> Score:
    p, r, f1, accuracy = _f1(pages, outputs)
    halves = {}
    for half in ("dev", "held-out"):
        chosen = [(page, out) for page, out in zip(pages, outputs, strict=True) if page.half == half]
        halves[half] = _f1([page for page, _ in chosen], [out for _, out in chosen])[2]
    recalls = tuple(page_scores(page.truth, out)[1] for page, out in zip(pages, outputs, strict=True))
    return Score(name, p, r, f1, accuracy, len(pages) / seconds, halves["dev"], halves["held-out"], recalls)


def load_pages(data_dir: Path) -> list[Page]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, record in sorted(truth.items()):
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        # The README promises UTF-8; decoding here keeps charset sniffing out of the timings.
        pages.append(Page(page_id, record.get("url", ""), raw.decode("utf-8", "replace"), record["articleBody"], record))
    return pages


def newsbot_extractor() -> Extractor:
    from newsbot.cleaning import clean_article
    from newsbot.extraction import extract_article

    def run(html: str, url: str) -> str:
        return "\n".join(clean_article(extract_article(html, url)).body)

    return run


def trafilatura_extractor(*, favor_precision: bool) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, include_comments=False, favor_precision=favor_precision) or ""

    return run


def readability_extractor() -> Extractor:
    import lxml.html
    from readability import Document

    def run(html: str, url: str) -> str:
        try:
            summary = Document(html, url=url).summary(html_partial=True)
        except Exception:  # readability raises on pages it cannot score; count as no output
            return ""
        # Joining text nodes with a space keeps "Title</h2><p>Body" from fusing into one
        # token; text_content() would fuse them and cost readability ~0.006 F1.
        return " ".join(lxml.html.fromstring(summary).itertext()) if summary.strip() else ""

    return run


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "newsbot": newsbot_extractor,
    "trafilatura": lambda: trafilatura_extractor(favor_precision=False),
    "trafilatura-precision": lambda: trafilatura_extractor(favor_precision=True),
    "readability": readability_extractor,
}


def run_extractors(extractors: dict[str, Extractor], pages: list[Page], *, warmup: bool = True) -> list[Score]:
    """Score every extractor; timings interleaved page by page so load on a shared machine hits all alike."""
    names = list(extractors)
    if warmup:
        # One untimed pass: lazy imports and one-off set-up (trafilatura loads
        # its justext stop lists on the first page that needs them) would
        # otherwise be charged to whichever extractor meets them first.
        for name in names:
            for page in pages:
                extractors[name](page.html, page.url)
    outputs: dict[str, list[str]] = {name: [] for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for index, page in enumerate(pages):
        shift = index % len(names)  # rotate who goes first on each page
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            outputs[name].append(extractors[name](page.html, page.url))
            seconds[name] += time.perf_counter() - started
    return [score(name, pages, outputs[name], seconds[name]) for name in names]


def format_table(scores: Iterable[Score], *, halves: bool = True) -> str:
    header = f"{'extractor':<24}{'precision':>10}{'recall':>8}{'F1':>8}{'accuracy':>10}{'pages/s':>9}"
    lines = [header + (f"{'F1 dev':>9}{'F1 held-out':>13}" if halves else "")]
    for s in scores:
        row = f"{s.name:<24}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.accuracy:>10.3f}{s.pages_per_s:>9.1f}"
        lines.append(row + (f"{s.f1_dev:>9.3f}{s.f1_held_out:>13.3f}" if halves else ""))
    return "\n".join(lines)


def lost_pages(pages: list[Page], newsbot: Score, baseline: Score) -> list[tuple[Page, float, float]]:
    """(page, newsbot recall, trafilatura recall) where newsbot lost the body trafilatura's defaults kept."""
    return [(page, mine, theirs) for page, mine, theirs in zip(pages, newsbot.recalls, baseline.recalls, strict=True)
            if mine < LOST_RECALL and theirs >= BASELINE_RECALL]


def print_fixtures_and_metadata(extractors: dict[str, Extractor], pages: list[Page], data_root: Path) -> None:
    """The fixture sites and the article-extraction metadata checks; see ``extraction_metadata``."""
    import extraction_metadata as checks
    from newsbot.cleaning import clean_article
    from newsbot.extraction import extract_article

    seed = data_root.parent / "seed"
    fixtures, languages = checks.fixture_articles(seed if seed.is_dir() else None)
    fixture_pages = [Page(e.url, e.url, html, "\n".join(e.body)) for e, html, _ in fixtures]
    names = [name for name in ("newsbot", "trafilatura") if name in extractors]
    fixture_scores = run_extractors({name: extractors[name] for name in names}, fixture_pages, warmup=False)
    print(f"\nFixture sites (tests/sites, {len(fixture_pages)} articles; the crawl tests pin their fields)")
    print(format_table(fixture_scores, halves=False))
    hits = checks.fixture_metadata(fixtures, languages)
    print("newsbot fields exactly right: " + ", ".join(
        f"{field} {hits[field]}/{len(fixtures)}" for field in checks.FIELDS))
    print("\nMetadata on the article-extraction pages, where the HTML declares the field:")

    def extract(html: str, url: str):
        return clean_article(extract_article(html, url))

    for name, (passed, total) in checks.benchmark_metadata(pages, extract).items():
        print(f"  {name:<28}{passed:>4}/{total}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=DEFAULT_DATA_ROOT)
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS))
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first pass (faster, noisier)")
    parser.add_argument("--no-fixtures", action="store_true",
                        help="skip the fixture sites and the article-extraction metadata checks")
    parser.add_argument("--lost", action="store_true", help="list lost pages and newsbot's ten worst per set")
    args = parser.parse_args(argv)
    missing = [name for name in SETS if not (args.data_root / name / "ground-truth.json").is_file()]
    if missing:
        print(f"SKIP: benchmark data not found in {args.data_root}: {', '.join(missing)}"
              " (expected <set>/ground-truth.json and <set>/html/)")
        return 0
    sys.path.insert(0, str(REPO_ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import extraction_metadata as checks

    # trafilatura logs every discarded page at WARNING, readability-lxml a page
    # it cannot score with a traceback at ERROR (counted as no output): noise in a table.
    logging.disable(logging.CRITICAL)
    names = args.only or list(EXTRACTORS)
    extractors = {name: EXTRACTORS[name]() for name in names}
    result: list[str] = []
    seconds = Counter()
    sets: dict[str, list[Page]] = {}
    for set_name in SETS:
        pages = sets[set_name] = load_pages(args.data_root / set_name)
        scores = {s.name: s for s in run_extractors(extractors, pages, warmup=not args.no_warmup)}
        dev = sum(page.half == "dev" for page in pages)
        print(f"{set_name}: {len(pages)} pages ({dev} dev, {len(pages) - dev} held-out, split by host)")
        print(format_table(scores.values()))
        short = SHORT_NAMES[set_name]
        for name, s in scores.items():
            seconds[name] += len(pages) / s.pages_per_s
        if "newsbot" in scores:
            result.append(f"f1_{short}={scores['newsbot'].f1:.3f}")
        if "trafilatura" in scores:
            result.append(f"f1_{short}_trafilatura={scores['trafilatura'].f1:.3f}")
        if "newsbot" in scores and "trafilatura" in scores:
            lost = lost_pages(pages, scores["newsbot"], scores["trafilatura"])
            print(f"lost pages (newsbot recall < {LOST_RECALL} where trafilatura's reaches {BASELINE_RECALL}): "
                  f"{len(lost)}")
            result.append(f"lost_{short}={len(lost)}")
            if args.lost:
                for page, mine, theirs in lost:
                    print(f"  LOST {page.page_id} {page.url} newsbot {mine:.2f} trafilatura {theirs:.2f}")
                worst = sorted(zip(scores["newsbot"].recalls, scores["trafilatura"].recalls, pages, strict=True),
                               key=lambda row: row[0] - row[1])[:10]
                for mine, theirs, page in worst:
                    print(f"  worst {page.page_id} {page.url} newsbot {mine:.2f} trafilatura {theirs:.2f}")
        print()
    if "newsbot" in extractors:
        metadata = checks.news_metadata(sets["news-articles"])
        print("Metadata on news-articles (share of pages right; n = pages whose truth has the field)")
        print(f"{'extractor':<24}" + "".join(f"{field:>16}" for field in checks.NEWS_FIELDS))
        for name, row in metadata.items():
            print(f"{name:<24}" + "".join(f"{row[field][0]:>10.3f} n={row[field][1]:<3}"
                                          for field in checks.NEWS_FIELDS))
        result.extend(f"{field}_na={metadata['newsbot'][field][0]:.3f}" for field in checks.NEWS_FIELDS)
        result.extend(f"{field}_na_trafilatura={metadata['trafilatura'][field][0]:.3f}"
                      for field in checks.NEWS_FIELDS)
    if "newsbot" in seconds and "trafilatura" in seconds:
        total = sum(len(pages) for pages in sets.values())
        mine, theirs = total / seconds["newsbot"], total / seconds["trafilatura"]
        print(f"\nspeed over both sets: newsbot {mine:.1f} pages/s, trafilatura {theirs:.1f} pages/s "
              f"(ratio {mine / theirs:.2f}; same run, pages interleaved)")
        result.append(f"speed_vs_trafilatura={mine / theirs:.2f}")
    if not args.no_fixtures and "newsbot" in extractors:
        print_fixtures_and_metadata(extractors, sets["article-extraction"], args.data_root)
    print("RESULT " + " ".join(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

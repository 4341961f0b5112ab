"""Score newsbot's article extraction against trafilatura and readability-lxml.

Data: the scrapinghub article-extraction-benchmark copy in
``../shared/benchmarks/article-extraction`` (181 gzip'd pages plus
``ground-truth.json``); its README defines the metric implemented here:
``\\w+`` tokens, multisets of 4-token shingles, precision averaged over pages
with output, recall over all pages, F1 of those two averages, and exact-token
accuracy. newsbot's text is ``"\\n".join(clean_article(extract_article(html, url)).body)``,
the body the archive stores.

Run from the repository root (about a minute: every extractor gets an untimed
warm-up pass, then the timed pass runs them page by page in turn, so that
load from other processes weighs on all of them alike)::

    .venv/bin/python benchmarks/extraction.py

Options: ``--data DIR`` (another copy of the data set), ``--only NAME``
(repeatable: newsbot, trafilatura, trafilatura-precision, readability),
``--no-warmup``, ``--no-fixtures`` (skip the fixture sites and metadata
checks of ``extraction_metadata.py``). The pages are split by host into a
dev half, the only one looked at while building newsbot's rules, and a
held-out half; F1 is printed for both. Example run (2 shared CPUs; pages/s
varies with load, the ratio less so)::

    181 pages from /work/shared/benchmarks/article-extraction (80 dev, 101 held-out, split by host)
    extractor                precision  recall      F1  accuracy  pages/s   F1 dev  F1 held-out
    newsbot                      0.975   0.977   0.976     0.459     59.9    0.980        0.973
    trafilatura                  0.942   0.978   0.960     0.293     63.3    0.961        0.959
    trafilatura-precision        0.958   0.971   0.964     0.337     61.5    0.960        0.967
    readability                  0.935   0.975   0.955     0.293     46.3    0.956        0.954

    Fixture sites (tests/sites, 63 articles newsbot was not tuned on)
    extractor                precision  recall      F1  accuracy  pages/s
    newsbot                      1.000   1.000   1.000     1.000    135.8
    trafilatura                  0.983   1.000   0.992     0.667    176.2
    newsbot fields exactly right: title 63/63, published_at 63/63, authors 63/63, section 63/63, language 63/63

    Metadata on the benchmark pages, where the HTML declares the field:
      title without site name      181/181
      published_at to the minute   131/133
      authors as names              99/102
      section                       87/88
      language                     152/152
    RESULT f1_newsbot=0.976 f1_trafilatura=0.960 pages_per_s_newsbot=59.9 pages_per_s_trafilatura=63.3
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
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "benchmarks" / "article-extraction"
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

    @property
    def half(self) -> str:
        """"dev" or "held-out": a fixed split by host, so one site's pages stay together.

        Rules were tuned looking only at dev pages; held-out F1 shows
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
    return Score(name, p, r, f1, accuracy, len(pages) / seconds, halves["dev"], halves["held-out"])


def load_pages(data_dir: Path) -> list[Page]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, record in sorted(truth.items()):
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        # The README promises UTF-8; decoding here keeps charset sniffing out of the timings.
        pages.append(Page(page_id, record.get("url", ""), raw.decode("utf-8", "replace"), record["articleBody"]))
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


def print_unseen_and_metadata(extractors: dict[str, Extractor], pages: list[Page], data: Path) -> None:
    """The fixture sites (never tuned on) and metadata checks; see ``extraction_metadata``."""
    import extraction_metadata as checks
    from newsbot.cleaning import clean_article
    from newsbot.extraction import extract_article

    seed = data.parents[1] / "seed"
    fixtures, languages = checks.fixture_articles(seed if seed.is_dir() else None)
    fixture_pages = [Page(e.url, e.url, html, "\n".join(e.body)) for e, html, _ in fixtures]
    names = [name for name in ("newsbot", "trafilatura") if name in extractors]
    fixture_scores = run_extractors({name: extractors[name] for name in names}, fixture_pages, warmup=False)
    print(f"\nFixture sites (tests/sites, {len(fixture_pages)} articles newsbot was not tuned on)")
    print(format_table(fixture_scores, halves=False))
    hits = checks.fixture_metadata(fixtures, languages)
    print("newsbot fields exactly right: " + ", ".join(
        f"{field} {hits[field]}/{len(fixtures)}" for field in checks.FIELDS))
    print("\nMetadata on the benchmark pages, where the HTML declares the field:")

    def extract(html: str, url: str):
        return clean_article(extract_article(html, url))

    for name, (passed, total) in checks.benchmark_metadata(pages, extract).items():
        print(f"  {name:<28}{passed:>4}/{total}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS))
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first pass (faster, noisier)")
    parser.add_argument("--no-fixtures", action="store_true",
                        help="skip the fixture sites and the metadata checks")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"SKIP: benchmark data not found in {args.data} (expected ground-truth.json and html/)")
        return 0
    sys.path.insert(0, str(REPO_ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    # trafilatura logs every discarded page at WARNING; that is noise in a table.
    logging.disable(logging.WARNING)
    pages = load_pages(args.data)
    names = args.only or list(EXTRACTORS)
    extractors = {name: EXTRACTORS[name]() for name in names}
    scores = {s.name: s for s in run_extractors(extractors, pages, warmup=not args.no_warmup)}
    dev = sum(page.half == "dev" for page in pages)
    print(f"{len(pages)} pages from {args.data} ({dev} dev, {len(pages) - dev} held-out, split by host)")
    print(format_table(scores.values()))
    if not args.no_fixtures:
        print_unseen_and_metadata(extractors, pages, args.data)
    result = []
    for name in ("newsbot", "trafilatura"):
        if name in scores:
            result.append(f"f1_{name}={scores[name].f1:.3f}")
    for name in ("newsbot", "trafilatura"):
        if name in scores:
            result.append(f"pages_per_s_{name}={scores[name].pages_per_s:.1f}")
    print("RESULT " + " ".join(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The labelled set of the dedupe benchmark: originals, their copies, and hard negatives.

Originals are the hand-written fixture stories (each extracted from its own
site's page) and the pages of ``../shared/benchmarks/article-extraction``
(extracted by newsbot from the saved HTML). A fifth of the shared pages and
the generated fixture stories are never stored: they are donors of text for
appended paragraphs and hard negatives, so a negative never copies an
article that is in the archive.

Each original gets, from an RNG seeded by its id:

- ``template``: its body in another fixture site's template, extracted again
  (for shared pages, the benchmark's ground-truth body: extraction noise
  included);
- ``reorder``: paragraphs shuffled; ``trim``: trailing text cut to ~85%;
  ``append``: a paragraph of a donor's text added, ~15% more;
- ``rewrite``: some words of every sentence replaced or dropped (5-20%);
- ``trim_heavy`` (to ~50%) and ``rewrite_heavy`` (~35% of words): copies that
  share less than 80% of their text, reported apart;
- ``negative``: a different story on the same topic: the original's opening
  sentence, then donor sentences with the original's names put in.

``share`` is the multiset word overlap divided by the longer text's words.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsbot.cleaning import clean_article
from newsbot.dedupe.signatures import words
from newsbot.extraction import extract_article
from tests.sites import dailyharbor, meridian, plainpost
from tests.sites._generate import stories_for
from tests.sites._model import Story, slugify

TEMPLATES = {"dailyharbor": dailyharbor, "meridian": meridian, "plainpost": plainpost}
MIN_WORDS = 40  # as NEWSBOT_VALIDATE_MIN_WORDS: shorter pages never reach dedupe
_PUBLISHED = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

# A light rewrite's vocabulary (our own list): words an editor swaps for another.
SYNONYMS = dict(pair.split(":") for pair in (
    "said:stated says:states told:informed announced:declared added:continued big:large large:big "
    "small:little new:fresh many:numerous people:residents began:started started:began ended:finished "
    "show:reveal shows:reveals showed:revealed help:assist government:administration officials:authorities "
    "company:firm firms:companies plans:proposals plan:proposal more:additional also:likewise but:however "
    "about:around nearly:almost almost:nearly before:prior after:following because:since expected:anticipated "
    "important:significant major:key key:central increase:rise decrease:fall rose:climbed fell:dropped "
    "build:construct built:constructed buy:purchase bought:purchased need:require needs:requires "
    "use:employ used:employed get:obtain got:received make:create made:created think:believe "
    "believe:think country:nation city:town month:weeks year:season children:kids quickly:rapidly "
    "very:highly often:frequently several:some last:previous next:following first:initial however:but "
    "although:though while:whereas during:throughout support:backing problem:issue problems:issues "
    "cost:price costs:prices money:funds statement:release reported:noted report:study meeting:session"
).split())


@dataclass(frozen=True)
class Doc:
    doc_id: str
    group: str          # the original's id; a negative is a group of its own
    kind: str           # original, template, reorder, trim, append, rewrite, ..., negative
    outlet: str
    title: str
    body: tuple[str, ...]
    share: float        # with the group's original; 1.0 for originals, 0 for negatives

    @property
    def is_positive(self) -> bool:
        return self.kind not in ("original", "negative")


def share(first: tuple[str, ...], second: tuple[str, ...]) -> float:
    a, b = words("\n".join(first)), words("\n".join(second))
    if not a or not b:
        return 0.0
    return sum((Counter(a) & Counter(b)).values()) / max(len(a), len(b))


def extracted_body(html: str, url: str) -> tuple[str | None, tuple[str, ...]]:
    article = clean_article(extract_article(html, url))
    return article.title, article.body


def render(template: str, story: Story) -> tuple[str, str]:
    """The story's page in a fixture site's template, and its URL there."""
    module = TEMPLATES[template]
    base = f"http://{template}.example"
    site = module.build(base, [story], 4)
    return site.routes.get(module.story_path(story)).body.decode("utf-8"), base + module.story_path(story)


def fixture_sources() -> tuple[list[tuple[str, str, tuple[str, ...], str]], list[tuple[str, ...]]]:
    """(id, title, body, template it came from) per hand-written story; donor bodies."""
    originals, donors = [], []
    for site in TEMPLATES:
        stories = stories_for(site, 2)
        hand_written = [s for s in stories if not s.restricted and s.number < 200000]
        for story in hand_written:
            html, url = render(site, story)
            title, body = extracted_body(html, url)
            originals.append((f"{site}:{story.slug}", title or story.title, body, site))
        donors += [s.body for s in stories if s.number >= 200000]
    return originals, donors


def shared_sources(data_dir: Path) -> tuple[list[tuple[str, str, tuple[str, ...], tuple[str, ...]]],
                                             list[tuple[str, ...]]]:
    """(id, title, extracted body, ground-truth body) per shared page; donor bodies."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    originals, donors = [], []
    for index, (page_id, record) in enumerate(sorted(truth.items())):
        truth_body = tuple(p.strip() for p in record["articleBody"].split("\n") if p.strip())
        if index % 5 == 4:
            donors.append(truth_body)
            continue
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        title, body = extracted_body(raw.decode("utf-8", "replace"), record.get("url") or "https://x.example/")
        originals.append((f"shared:{page_id[:12]}", title or "Untitled", body, truth_body))
    return originals, donors


def build_set(shared_dir: Path | None) -> list[Doc]:
    fixture, donors = fixture_sources()
    rows = [(doc_id, title, body, None, site) for doc_id, title, body, site in fixture]
    if shared_dir is not None:
        shared, shared_donors = shared_sources(shared_dir)
        donors += shared_donors
        rows += [(doc_id, title, body, truth, None) for doc_id, title, body, truth in shared]
    docs: list[Doc] = []
    for index, (doc_id, title, body, truth, site) in enumerate(rows):
        if len(words("\n".join(body))) < MIN_WORDS:
            continue
        rng = random.Random(doc_id)
        original = Doc(doc_id, doc_id, "original", "origin", title, body, 1.0)
        docs.append(original)
        docs += variants(original, truth, site, donors, rng, index)
    return docs


def variants(original: Doc, truth: tuple[str, ...] | None, site: str | None, donors: list,
             rng: random.Random, index: int) -> list[Doc]:
    body, out = original.body, []
    donor_sentences = [s for donor in donors for p in donor for s in _SENTENCE.split(p)
                       if len(s.split()) >= 6]

    def add(kind: str, new_body: tuple[str, ...], title: str = original.title,
            group: str = original.group) -> None:
        new_body = tuple(p for p in new_body if p.strip())
        value = 0.0 if kind == "negative" else share(body, new_body)
        out.append(Doc(f"{original.doc_id}/{kind}", group, kind, f"outlet-{kind}", title, new_body, value))

    template = rng.choice([t for t in TEMPLATES if t != site])
    story = Story(slug=slugify(original.title)[:60] or "story", title=original.title, authors=("Staff",),
                  published_at=_PUBLISHED, tags=("news",), body=truth or body, number=100000 + index)
    html, url = render(template, story)
    add("template", extracted_body(html, url)[1])
    shuffled = list(body)
    rng.shuffle(shuffled)
    add("reorder", tuple(shuffled))
    add("trim", keep_fraction(body, 0.85))
    add("append", body + donor_paragraphs(rng.choice(donors), len(words("\n".join(body))) * 0.15))
    add("rewrite", tuple(rewrite(p, (0.05, 0.10, 0.15, 0.20)[index % 4], rng) for p in body))
    add("trim_heavy", keep_fraction(body, 0.5))
    add("rewrite_heavy", tuple(rewrite(p, 0.35, rng) for p in body))
    add("negative", same_topic_story(body, donor_sentences, rng), title=original.title,
        group=f"{original.doc_id}/negative")
    return out


def keep_fraction(body: tuple[str, ...], fraction: float) -> tuple[str, ...]:
    """Cut text from the end (whole paragraphs, then sentences) down to about ``fraction`` of the words."""
    target = len(words("\n".join(body))) * fraction
    kept: list[str] = []
    count = 0
    for paragraph in body:
        sentences = []
        for sentence in _SENTENCE.split(paragraph):
            if count >= target:
                break
            sentences.append(sentence)
            count += len(words(sentence))
        if sentences:
            kept.append(" ".join(sentences))
    return tuple(kept)


def donor_paragraphs(donor: tuple[str, ...], words_wanted: float) -> tuple[str, ...]:
    """About ``words_wanted`` words of the donor's opening sentences, as one paragraph."""
    taken, count = [], 0
    for sentence in _SENTENCE.split(" ".join(donor)):
        if count >= words_wanted:
            break
        taken.append(sentence)
        count += len(sentence.split())
    return (" ".join(taken),)


def rewrite(paragraph: str, rate: float, rng: random.Random) -> str:
    """Replace (by a synonym) or drop ``rate`` of the words of each sentence, at least one."""
    sentences = []
    for sentence in _SENTENCE.split(paragraph):
        tokens = sentence.split()
        if len(tokens) < 4:
            sentences.append(sentence)
            continue
        positions = list(range(1, len(tokens)))
        swappable = [i for i in positions if _bare(tokens[i]) in SYNONYMS]
        others = [i for i in positions if i not in swappable]
        rng.shuffle(swappable)
        rng.shuffle(others)
        changes = max(1, round(rate * len(tokens)))
        for i in (swappable + others)[:changes]:
            bare = _bare(tokens[i])
            tokens[i] = tokens[i].replace(bare, SYNONYMS[bare]) if bare in SYNONYMS else ""
        sentences.append(" ".join(t for t in tokens if t))
    return " ".join(sentences)


def same_topic_story(body: tuple[str, ...], donor_sentences: list[str], rng: random.Random
                     ) -> tuple[str, ...]:
    """The original's opening sentence, then donor sentences told with the original's names.

    Sentences are drawn from all donors, so two negatives share little text.
    """
    opening = _SENTENCE.split(body[0])[0]
    names = re.findall(r"(?<=\s)[A-Z][a-z]{3,}", " ".join(body)) or ["Smith"]
    wanted = len(words("\n".join(body)))
    paragraphs, count = [], 0
    while count < wanted:
        sentences = rng.sample(donor_sentences, 3)
        paragraph = re.sub(r"(?<=\s)[A-Z][a-z]{3,}", lambda m: rng.choice(names), " ".join(sentences))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return (opening, *paragraphs)


def _bare(token: str) -> str:
    return token.strip(".,;:!?\"'()“”‘’")


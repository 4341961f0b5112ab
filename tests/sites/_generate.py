"""Stories per site: the hand-written ones, plus deterministic generated ones when scale > 1."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from . import _corpus, _pool
from ._model import Story, slugify

_OFFSETS = (timezone.utc, timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)),
            timezone(timedelta(hours=2)), timezone(timedelta(hours=9)))
MIN_WORDS, MAX_WORDS = 28, 70


def story_from_entry(entry: dict) -> Story:
    return Story(slug=slugify(entry["title"]), title=entry["title"], authors=tuple(entry["authors"]),
                 published_at=datetime.fromisoformat(entry["published"]), tags=tuple(entry["tags"]),
                 body=tuple(entry["body"]), restricted=entry.get("restricted", False),
                 number=entry.get("number", 0))


def stories_for(site: str, scale: int) -> list[Story]:
    """The site's hand-written stories, then (scale - 1) times as many generated public ones."""
    entries = {"dailyharbor": _corpus.DAILYHARBOR, "meridian": _corpus.MERIDIAN,
               "plainpost": _corpus.PLAINPOST}[site]
    stories = [story_from_entry(entry) for entry in entries]
    public = [s for s in stories if not s.restricted]
    authors = sorted({name for s in public for name in s.authors})
    tags = sorted({tag for s in public for tag in s.tags})
    titles = {s.title for s in stories}
    slugs = {s.slug for s in stories}
    for index in range(len(public) * (max(scale, 1) - 1)):
        story = _generated_story(site, index, authors, tags, titles)
        slug = story.slug
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{story.slug}-{suffix}", suffix + 1
        slugs.add(slug)
        titles.add(story.title)
        stories.append(Story(slug=slug, title=story.title, authors=story.authors,
                             published_at=story.published_at, tags=story.tags, body=story.body,
                             number=200000 + index))
    return stories


def _generated_story(site: str, index: int, authors: list[str], tags: list[str],
                     taken_titles: set[str]) -> Story:
    # One RNG per article: article i is the same at every scale.
    rng = random.Random(f"{site}:{index}")
    for _ in range(30):
        slots = _slots(rng)
        title = rng.choice(_pool.TITLES).format(**slots)
        title = title[0].upper() + title[1:]
        if title not in taken_titles:
            break
    else:
        title = f"{title} ({index})"
    byline = tuple(rng.sample(authors, 2 if rng.random() < 0.3 else 1))
    published = datetime(2026, 3, rng.randint(1, 31), rng.randint(5, 22), rng.choice((0, 15, 30, 45)),
                         tzinfo=rng.choice(_OFFSETS))
    paragraphs = [rng.choice(_pool.LEDES).format(**slots)]
    sentences = list(_pool.SENTENCES)
    rng.shuffle(sentences)
    for _ in range(rng.randint(3, 7)):
        paragraphs.append(_paragraph(rng, sentences, slots))
    return Story(slug=slugify(title), title=title, authors=byline, published_at=published,
                 tags=tuple(rng.sample(tags, 2)), body=tuple(paragraphs))


def _slots(rng: random.Random) -> dict[str, str]:
    town, town2 = rng.sample(_pool.TOWNS, 2)
    org = f"the {town} {rng.choice(_pool.ORG_KINDS)}"
    return {"town": town, "Town": town, "town2": town2, "org": org, "Org": org[0].upper() + org[1:],
            "project": rng.choice(_pool.PROJECTS), "weekday": rng.choice(_pool.WEEKDAYS)}


def _paragraph(rng: random.Random, sentences: list[str], slots: dict[str, str]) -> str:
    """Two or three sentences from the shuffled pool, fresh numbers and people for each."""
    words: list[str] = []
    while len(words) < MIN_WORDS and sentences:
        values = dict(slots, person=f"{rng.choice(_pool.FIRST_NAMES)} {rng.choice(_pool.LAST_NAMES)}",
                      role=rng.choice(_pool.ROLES), group=rng.choice(_pool.GROUPS),
                      month=rng.choice(_pool.MONTHS), num=str(rng.randint(40, 4800)),
                      pct=str(rng.randint(3, 64)), small=str(rng.randint(3, 12)))
        sentence = sentences.pop().format(**values)
        if len(words) + len(sentence.split()) > MAX_WORDS:
            continue
        words += sentence.split()
    return " ".join(words)

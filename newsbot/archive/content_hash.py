"""The content hash that decides whether a fetch is a new version."""

from __future__ import annotations

import hashlib

from newsbot.extraction.article import Article
from newsbot.versions.normalise import comparable_text


def content_hash(article: Article) -> str:
    """SHA-256 over the headline and body as a reader sees them.

    Whitespace, Unicode forms and page furniture that changes on every
    render ("Updated 10:32", comment counts, ad labels) are left out first;
    metadata such as tags or the image URL churns without the story changing.
    """
    return hashlib.sha256(comparable_text(article.title, article.body).encode("utf-8")).hexdigest()

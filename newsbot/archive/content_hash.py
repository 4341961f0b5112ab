"""The content hash that decides whether a fetch is a new version."""

from __future__ import annotations

import hashlib
import unicodedata

from newsbot.extraction.article import Article


def content_hash(article: Article) -> str:
    """SHA-256 over the title and body, blind to whitespace and Unicode form.

    Only what a reader sees counts: metadata such as tags or the image URL
    churn on many sites without the story changing.
    """
    parts = [article.title or "", *article.body]
    normalised = "\n".join(" ".join(unicodedata.normalize("NFC", p).split()) for p in parts)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

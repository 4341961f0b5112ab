"""Item pipelines, in crawl order: extract → validate → clean → store."""

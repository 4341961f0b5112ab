"""Downloader middlewares: what may be fetched, what needs no fetch, and how failures are retried."""

"""Downloader middlewares: what may be fetched, and how failures are retried."""

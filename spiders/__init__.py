"""Spiders: they navigate outlets and fetch pages; extraction happens in the pipelines."""

"""Versions over time: what counts as a change, what changed, and when to look again."""

"""Article text for the dedupe tests (all invented): one wire story, copies of it, and a different story.

``WIRE`` is the agency's story as a first outlet runs it; ``REWRITE`` is a
second outlet's light rewrite (some words changed in each sentence, a local
paragraph appended); ``SAME_TOPIC`` is a different story on the same subject,
with the same places and people: the hard negative.
"""

from __future__ import annotations

WIRE_TITLE = "Dock workers in Port Calder end three-day strike after pay deal"
WIRE = (
    "Dock workers at Port Calder returned to work on Thursday after union leaders accepted a pay offer "
    "that ends a three-day strike which had left more than forty cargo ships waiting outside the harbour.",
    "The agreement gives crane operators and lashers a raise of six percent this year and a further "
    "four percent next spring, the Harbour Workers Union said in a statement issued late on Wednesday.",
    "Port managers said the backlog of vessels would take at least a week to clear, and warned that "
    "shipments of grain and timber bound for inland mills could arrive several days later than planned.",
    "Union secretary Marta Quill told reporters outside the port gates that the deal was not everything "
    "members had asked for but that it protected overtime rates and the night shift allowance.",
    "The strike began on Monday after talks over a new contract broke down, and it was the first "
    "stoppage at the port since a two-week dispute over safety rules almost twenty years ago.",
    "Shipping agents said the delays had already cost importers millions of crowns in fees, and several "
    "lines had diverted vessels to Brannock Bay, where the smaller terminal struggled to cope.",
)

REWRITE_TITLE = "Port Calder dockers return to work as three-day strike ends"
REWRITE = (
    "Dock workers at Port Calder went back to work on Thursday after union leaders accepted a pay offer "
    "that ends a three-day walkout which had left more than forty cargo ships waiting outside the harbour.",
    "The deal gives crane operators and lashers a rise of six percent this year and a further "
    "four percent next spring, the Harbour Workers Union said in a statement released late on Wednesday.",
    "Port managers said the backlog of ships would take at least a week to clear, and warned that "
    "shipments of grain and timber bound for inland mills could arrive several days later than expected.",
    "Union secretary Marta Quill told journalists outside the port gates that the deal was not everything "
    "members had wanted but that it protected overtime rates and the night shift allowance.",
    "The strike started on Monday after talks over a new contract collapsed, and it was the first "
    "stoppage at the port since a two-week dispute over safety rules nearly twenty years ago.",
    "Shipping agents said the delays had already cost importers millions of crowns in charges, and several "
    "lines had diverted vessels to Brannock Bay, where the smaller terminal struggled to keep up.",
    "In Selwick, the island ferry company said its own crossings had not been affected by the strike.",
)

SAME_TOPIC_TITLE = "Port Calder plans new crane terminal as cargo traffic grows"
SAME_TOPIC = (
    "Port Calder will build a third crane terminal on reclaimed land north of the harbour, port managers "
    "announced on Friday, a week after dock workers ended a three-day strike over pay.",
    "The project is expected to cost around ninety million crowns and would let the port handle twice as "
    "many container ships by the end of the decade, according to figures presented to the council.",
    "Harbour Workers Union secretary Marta Quill said members welcomed the investment but wanted "
    "guarantees that the new cranes would be staffed by local crews rather than contractors.",
    "Residents of the streets near the northern quay have raised concerns about lorry traffic and night "
    "noise, and the council has promised a public meeting before any building work begins.",
    "Construction could start next summer if the plans are approved, with the first berth opening two "
    "years later and the rest of the terminal following in stages.",
)


def text(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join(paragraphs)

"""``newsbot``: the operator's command line.

Crawling itself is ``scrapy crawl worldnews``; these commands look after the
archive around it. One module per command group.
"""

from __future__ import annotations

import click

from newsbot.cli.db import db
from newsbot.cli.diff import diff
from newsbot.cli.export import export


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """newsbot: a scheduled news crawler and PostgreSQL archive.

    \b
    Example:
        newsbot db status
    """


main.add_command(db)
main.add_command(diff)
main.add_command(export)

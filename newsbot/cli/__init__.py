"""``newsbot``: the operator's command line.

Crawling itself is ``scrapy crawl worldnews``; these commands look after the
archive around it. One module per command group.
"""

from __future__ import annotations

import click

from newsbot.cli.db import db
from newsbot.cli.diff import diff
from newsbot.cli.export import export
from newsbot.cli.reextract import reextract
from newsbot.cli.articles import search, show, sources
from newsbot.cli.runs import runs
from newsbot.cli.schedule import schedule
from newsbot.cli.web import web


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsbot", prog_name="newsbot",
                      message="%(prog)s %(version)s", help="Print newsbot's version and exit.")
def main() -> None:
    """newsbot: a scheduled news crawler and PostgreSQL archive.

    \b
    Example:
        newsbot db status
    """


main.add_command(db)
main.add_command(diff)
main.add_command(export)
main.add_command(reextract)
main.add_command(runs)
main.add_command(sources)
main.add_command(search)
main.add_command(show)
main.add_command(schedule)
main.add_command(web)

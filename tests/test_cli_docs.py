"""Every newsbot command documents itself: a one-line summary, an Example, help on each option,
and a README example (as sqlite-utils' tests/test_docs.py checks its CLI)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from newsbot.cli import main
from tests.conftest import REPO


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, path)


ALL = list(commands())
IDS = [" ".join(path) for path, _ in ALL]


def test_there_are_commands_to_check():
    assert {"runs", "sources", "search", "show", "export", "schedule", "db migrate",
            "db status", "db stop"} <= set(IDS)


@pytest.mark.parametrize("path, command", ALL, ids=IDS)
def test_each_command_has_a_summary_and_an_example(path, command):
    summary = (command.help or "").strip().splitlines()
    assert summary and summary[0].strip().endswith("."), f"{path}: no one-line summary"
    assert len(summary[0]) <= 100, f"{path}: summary longer than a line"
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Example:\n" in result.output, f"newsbot {' '.join(path)} --help has no Example:"
    example = result.output.split("Example:\n", 1)[1].splitlines()
    # \b keeps the block verbatim: each line is a command to paste.
    assert example and example[0].strip().startswith(("newsbot ", "psql ")), example[:2]


@pytest.mark.parametrize("path, command", ALL, ids=IDS)
def test_each_option_has_help(path, command):
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"newsbot {' '.join(path)}: option {param.opts} has no help"


@pytest.mark.parametrize("path, command", [(p, c) for p, c in ALL
                                           if not isinstance(c, click.Group)],
                         ids=[i for i, (_p, c) in zip(IDS, ALL) if not isinstance(c, click.Group)])
def test_each_command_has_a_readme_example(path, command):
    # The README, or the docs/ page it links for that part (docs/web.md for newsbot web).
    readme = "\n".join(p.read_text() for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))])
    assert f"newsbot {' '.join(path)}" in readme, f"README.md shows no `newsbot {' '.join(path)}`"

"""The docs cover what the code has: every command, setting and stats key is
documented in README.md or docs/*.md, and every command the docs show exists.

Each failure lists exactly what is missing, so whoever adds a setting, a
stats key or a command sees where to write it down.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from newsbot.cli import main
from tests.conftest import REPO

CODE_DIRS = ("newsbot", "pipelines", "spiders")
README = REPO / "README.md"
# Pages other helpers write (docs/coverage.md ...); the README links them all.
OTHER_PAGES = {"coverage.md", "durability.md", "security.md", "extraction.md", "web.md"}


def docs_text() -> str:
    pages = [README, *sorted((REPO / "docs").glob("*.md"))]
    # A | inside a Markdown table cell is written \|.
    return "\n".join(page.read_text(encoding="utf-8") for page in pages).replace("\\|", "|")


def code_files() -> list[Path]:
    return [p for d in CODE_DIRS for p in sorted((REPO / d).rglob("*.py"))]


def string_literals(path: Path):
    """Each string constant, and each f-string with its fields as ``{}``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                       for part in node.values}
    for node in ast.walk(tree):
        if id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(part.value if isinstance(part, ast.Constant) else "{}"
                          for part in node.values)


# --- settings ---------------------------------------------------------------

SETTING = re.compile(r"\bNEWSBOT_[A-Z0-9_]*[A-Z0-9]\b")


def settings_in_code() -> set[str]:
    """NEWSBOT_* names the code defines (settings.py) or reads (settings, environment)."""
    names: set[str] = set()
    for path in code_files():
        for literal in string_literals(path):
            names |= set(SETTING.findall(literal)) if " " not in literal.strip() else set()
    settings = ast.parse((REPO / "newsbot" / "settings.py").read_text())
    names |= {target.id for node in settings.body if isinstance(node, ast.Assign)
              for target in node.targets
              if isinstance(target, ast.Name) and target.id.startswith("NEWSBOT_")}
    return names


def test_every_setting_is_documented():
    text = docs_text()
    missing = sorted(name for name in settings_in_code()
                     if not re.search(rf"\b{name}\b", text))
    assert not missing, f"settings missing from README.md and docs/*.md: {', '.join(missing)}"


# --- stats keys -------------------------------------------------------------

STATS_KEY = re.compile(r"^newsbot/[a-z_]+(?:/[a-z0-9_{}.|-]+)*$")
DOC_KEY = re.compile(r"newsbot/[a-z_]+(?:/(?:<[^<>\s]+(?:<[^<>\s]+>)?[^<>\s]*>|[a-z0-9_.*-])+)*")


def stats_keys_in_code() -> set[str]:
    keys: set[str] = set()
    for path in code_files():
        for literal in string_literals(path):
            if STATS_KEY.match(literal) and not literal.startswith(("newsbot/archive", "newsbot/extraction")):
                keys.add(literal.rstrip("/"))
    return keys


def _pattern(documented: str) -> re.Pattern:
    """``newsbot/a/<b|c>``, ``newsbot/a/<reason>``, ``newsbot/a/*`` as a regex over keys."""
    out, i = "", 0
    while i < len(documented):
        if documented[i] == "<":
            depth, j = 0, i
            while j < len(documented):
                depth += {"<": 1, ">": -1}.get(documented[j], 0)
                if depth == 0:
                    break
                j += 1
            inner = documented[i + 1:j]
            if "|" in inner and "<" not in inner:
                out += "(?:" + "|".join(map(re.escape, inner.split("|"))) + ")"
            else:
                out += r"[^\s]+"
            i = j + 1
        elif documented[i] == "*":
            out += r"[^\s]+"
            i += 1
        else:
            out += re.escape(documented[i])
            i += 1
    return re.compile(out)


def _shape(key: str) -> str:
    """``newsbot/a/<b|c>``, ``newsbot/a/*`` and ``newsbot/a/{}`` all as ``newsbot/a/<>``."""
    key = re.sub(r"<[^<>]*(?:<[^<>]*>[^<>]*)*>|\*|\{\}", "<>", key)
    return key


def test_every_stats_key_is_documented():
    documented = set(DOC_KEY.findall(docs_text()))
    patterns = [_pattern(key) for key in documented]
    shapes = {_shape(key) for key in documented}
    missing = sorted(key for key in stats_keys_in_code()
                     if not any(p.fullmatch(key) for p in patterns)
                     # a key built at run time ({}) is documented by a <placeholder> there
                     and _shape(key) not in shapes)
    assert not missing, f"stats keys missing from README.md and docs/*.md: {', '.join(missing)}"


def test_stats_keys_are_found_at_all():
    keys = stats_keys_in_code()
    assert {"newsbot/store/{}", "newsbot/dedupe/{}", "newsbot/validate/passed"} <= keys, sorted(keys)


# --- commands ---------------------------------------------------------------

def cli_commands(group: click.Group = main, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from cli_commands(command, path)
        else:
            yield path


def test_every_command_is_documented():
    text = docs_text()
    missing = [" ".join(path) for path in cli_commands()
               if f"newsbot {' '.join(path)}" not in text]
    assert not missing, f"commands missing from README.md and docs/*.md: {', '.join(missing)}"


def shown_commands() -> list[tuple[str, str]]:
    """(page, command line) for each command the docs' shell examples run."""
    shown = []
    for page in [README, *sorted((REPO / "docs").glob("*.md"))]:
        for block in re.findall(r"```(?:sh|console|shell)\n(.*?)```", page.read_text(), re.S):
            prompted = "\n$ " in "\n" + block
            for line in block.splitlines():
                line = line.strip()
                if line.startswith("$ "):
                    line = line[2:]
                elif prompted or not line or line.startswith("#") or not re.match(r"[\w./]", line):
                    continue  # with prompts, the other lines are output
                shown.append((page.name, line))
    return shown


def unknown_command(line: str) -> str | None:
    """What in ``line`` does not exist, or None."""
    words = [w.strip("\"'()") for w in line.split("#", 1)[0].replace("\"$(", "$( ").split()]
    for i, word in enumerate(words):
        is_program = word == "newsbot" or (word.endswith("/bin/newsbot") and ":" not in word)
        after = i == 0 or words[i - 1] in ("&&", "|", ";", "$(") or re.fullmatch(r"[A-Z_]+=\S*",
                                                                                 words[i - 1])
        if is_program and after:
            rest = [w for w in words[i + 1:] if not w.startswith("-")]
            command: click.Command = main
            for part in rest:
                if not isinstance(command, click.Group):
                    break
                if part not in command.commands:
                    return f"newsbot {part}"
                command = command.commands[part]
            if isinstance(command, click.Group) and "--version" not in words and "--help" not in words:
                return f"newsbot {' '.join(rest)} (a group, not a command)"
        if word == "./run" and i + 1 < len(words) and words[i + 1] not in ("crawl", "test"):
            return f"./run {words[i + 1]}"
    match = re.search(r"-m (benchmarks\.\w+)", line) or re.search(r"(benchmarks/\w+\.py)", line)
    if match:
        target = match.group(1)
        path = REPO / (target.replace(".", "/") + ".py" if not target.endswith(".py") else target)
        if not path.is_file():
            return target
    return None


def test_the_commands_in_the_docs_examples_exist():
    shown = shown_commands()
    assert len(shown) > 30
    wrong = [f"{page}: {line!r} ({what})" for page, line in shown
             if (what := unknown_command(line)) is not None]
    assert not wrong, "commands in the docs' examples that do not exist:\n" + "\n".join(wrong)


# --- the README -------------------------------------------------------------

def test_the_readme_is_short_and_links_every_page():
    text = README.read_text()
    assert len(text.splitlines()) <= 210
    linked = set(re.findall(r"\(docs/([\w-]+\.md)\)", text))
    pages = {p.name for p in (REPO / "docs").glob("*.md")}
    assert pages - linked == set(), f"docs pages the README does not link: {sorted(pages - linked)}"
    assert OTHER_PAGES <= linked, f"pages the README should link: {sorted(OTHER_PAGES - linked)}"
    broken = sorted(name for name in linked - OTHER_PAGES if name not in pages)
    assert not broken, f"README links to missing pages: {broken}"

"""`newsbot schedule --check` prints next_run in the zone its header names, not in UTC."""

from __future__ import annotations

import re

from click.testing import CliRunner

from newsbot.cli import main


def test_next_run_is_in_the_schedules_time_zone(tmp_path):
    config = tmp_path / "schedule.toml"
    config.write_text('[scheduler]\ntimezone = "Asia/Tokyo"\n\n[[job]]\nid = "nightly"\n'
                      'spider = "worldnews"\ncron = "0 2 * * *"\n')
    result = CliRunner().invoke(main, ["schedule", "--check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "time zone Asia/Tokyo" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("nightly"))
    # 02:00 in Tokyo, said as such (it is 17:00 UTC the day before).
    assert re.search(r"\d{4}-\d{2}-\d{2} 02:00 JST", row), row

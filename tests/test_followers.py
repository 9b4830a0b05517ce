"""Followers click through: tagged links, short links that count, and quote cards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image

from scheduler.posting.cards import CARD_SIZES
from tests.fakes import accounts as fake

BASE = "https://go.example.nl"


def test_with_a_public_base_every_render_carries_its_own_short_link(run_cli, monkeypatch):
    monkeypatch.setenv("SCHEDULER_PUBLIC_BASE", BASE)
    first = json.loads(run_cli("queue", "--json").output)
    again = json.loads(run_cli("queue", "--json").output)
    codes = set()
    for row in first:
        for platform, text in row["render"].items():
            match = re.search(re.escape(BASE) + r"/l/([A-Za-z0-9]+)", text)
            assert match, text
            assert len(match[1]) >= 8 and "utm_" not in text
            codes.add((row["id"], platform, match[1]))
    assert len({code for _, _, code in codes}) == len(codes)  # one code per snippet and platform
    assert first == again  # codes are made once and kept


def test_a_short_link_redirects_to_the_tagged_url_and_counts_the_click(
    run_cli, monkeypatch, anonymous
):
    monkeypatch.setenv("SCHEDULER_PUBLIC_BASE", BASE)
    row = json.loads(run_cli("queue", "--json").output)[0]
    code = re.search(r"/l/([A-Za-z0-9]+)", row["render"]["linkedin"])[1]
    answer = anonymous.get(f"/l/{code}", headers={"Referer": "https://www.linkedin.com/feed/"})
    assert answer.status_code == 302
    target = answer.headers["location"]
    assert "utm_source=linkedin" in target and f"utm_content={row['id']}" in target
    assert anonymous.get("/l/notacode00").status_code == 404
    clicks = json.loads(run_cli("clicks", "--json").output)
    assert clicks == [
        {"snippet_id": row["id"], "essay": row["essay"], "platform": "linkedin", "clicks": 1}
    ]
    queued = next(r for r in json.loads(run_cli("queue", "--json").output) if r["id"] == row["id"])
    assert queued["clicks"] == 1


def test_card_writes_the_three_sizes(run_cli, project, tmp_path):
    snippet_id = json.loads(run_cli("queue", "--json").output)[0]["id"]
    result = run_cli("card", snippet_id, "-o", str(tmp_path / "cards"))
    assert result.exit_code == 0, result.output
    for platform, size in CARD_SIZES.items():
        with Image.open(tmp_path / "cards" / f"card-{snippet_id}-{platform}.png") as image:
            assert image.size == size


@pytest.fixture
def live_fakes(monkeypatch, project, fakes):
    for name, value in fake.live_env(fakes.url).items():
        monkeypatch.setenv(name, value)
    return fakes


def test_with_cards_on_each_platform_receives_the_image(run_cli, project, live_fakes):
    config = Path(project.config_path)
    config.write_text(
        config.read_text()
        .replace("    kind: page\n", "    kind: page\n    cards: true\n")
        .replace("    kind: person\n", "    kind: person\n    cards: true\n")
    )
    snippet_id = json.loads(run_cli("queue", "--json").output)[0]["id"]
    for platform in ("twitter", "linkedin", "facebook"):
        result = run_cli("publish", snippet_id, "--to", platform, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["status"] == "published"
    posts = live_fakes.posts()
    assert {p["platform"] for p in posts} == {"x", "linkedin", "facebook"}
    assert all(p["has_image"] for p in posts)

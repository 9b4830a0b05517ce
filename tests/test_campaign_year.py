"""The default config, on the bundled essays, keeps every account posting for a year: the
three figures issue 13 names, measured through the command line as a user would run it."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

START = datetime.fromisoformat("2026-12-01T00:00:00+01:00")
DAYS = 365


def figures(rows: list[dict]) -> dict[str, object]:
    """Longest gap per account after the first month, repeated texts per account, and the
    share of quote-days that put one quote on more than one network."""
    settled, end = START + timedelta(days=30), START + timedelta(days=DAYS)
    moments: dict[str, list[datetime]] = defaultdict(list)
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    networks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        account = f"{row['platform']}:{row['handle']}"
        at = datetime.fromisoformat(row["at"])
        moments[account].append(at)
        texts[account][row["text"]] += 1
        networks[(row["snippet_id"], at.date().isoformat())].add(row["platform"])
    gaps = {}
    for account, ats in moments.items():
        edges = [settled, *sorted(a for a in ats if a >= settled), end]
        gaps[account] = max(b - a for a, b in zip(edges, edges[1:], strict=False))
    return {
        "posts": {account: len(ats) for account, ats in moments.items()},
        "longest_gap": gaps,
        "repeated_texts": {a: sum(n - 1 for n in c.values()) for a, c in texts.items()},
        "multi_network_share": sum(len(p) > 1 for p in networks.values()) / len(networks),
    }


def test_a_year_on_the_default_config_lasts_never_repeats_a_text_and_staggers_networks(
    run_cli, project
):
    accounts = {f"{a.platform}:{a.handle}" for a in project.config().accounts}
    result = run_cli("simulate", "--days", str(DAYS), "--start", START.isoformat(), "--json")
    assert result.exit_code == 0, result.output
    found = figures(json.loads(result.stdout))
    assert (
        set(found["posts"])
        == accounts
        == {
            "twitter:BaltusAnnemarie",
            "linkedin:annemariebaltus",
            "facebook:AnnemarieBaltusInspira",
        }
    )
    assert all(gap <= timedelta(days=14) for gap in found["longest_gap"].values()), found
    assert all(n == 0 for n in found["repeated_texts"].values()), found
    assert found["multi_network_share"] <= 0.1, found


def test_the_figures_catch_a_campaign_that_runs_dry(run_cli, project):
    # The same measure on the config issue 13 started from: every slot, no recycling.
    config = project.config_path.read_text()
    config = config.replace("    pace: 3\n", "").replace("recycle: true", "recycle: false")
    project.config_path.write_text(config)
    result = run_cli("simulate", "--days", str(DAYS), "--start", START.isoformat(), "--json")
    found = figures(json.loads(result.stdout))
    assert all(gap > timedelta(days=200) for gap in found["longest_gap"].values()), found


def test_plan_prices_link_posts_and_says_when_the_queue_runs_dry(run_cli, project):
    result = run_cli("plan", "--days", "30", "--json")
    rows = json.loads(result.stdout)
    x_posts = [r for r in rows if r["platform"] == "twitter" and r["snippet_id"]]
    assert x_posts and all("https://" in r["text"] or "http://" in r["text"] for r in x_posts)
    notes = " ".join(result.stderr.split())  # the terminal may wrap a long note
    cost = re.search(r"30 days for twitter:BaltusAnnemarie: (\d+\.\d\d)", notes)
    assert cost and float(cost.group(1)) == round(0.2 * len(x_posts), 2)  # the URL price
    dry = re.findall(r"the queue of (\S+) runs dry on (\d{4}-\d\d-\d\d)", notes)
    assert {account for account, _ in dry} == {
        "twitter:BaltusAnnemarie",
        "linkedin:annemariebaltus",
        "facebook:AnnemarieBaltusInspira",
    }
    status = json.loads(run_cli("status", "--json").stdout)
    assert {a["account"]: a["runs_dry_without_recycling"] for a in status["accounts"]} == dict(dry)


def test_the_desk_shows_the_months_cost_and_the_dry_dates(project, staff):
    client, _ = staff
    calendar = client.get("/calendar", params={"days": 7}).text
    assert "Expected cost over the next 30 days for twitter:BaltusAnnemarie" in calendar
    assert "runs dry on" in calendar and "recycling keeps it going" in calendar
    log = client.get("/log").text
    assert len(re.findall(r"Queue runs dry without recycling: \d{4}-\d\d-\d\d", log)) == 3

"""A short chaos run inside the suite: SIGKILL the daemon, then compare platform and ledger.

`make chaos` runs the long version (100 kills); this one keeps `make test` quick.
"""

from __future__ import annotations

import pytest

from tests.chaos import run
from tests.postgres import fresh_database

pytestmark = pytest.mark.slow


def test_killed_daemons_on_sqlite_post_nothing_twice_and_lose_nothing():
    result = run(kills=8, replicas=1, database=None, drop_rate=0.2, seed=7, keep=False)
    assert result["kills"] == 8
    assert result["published"] > 0
    assert (result["duplicates"], result["lost"]) == (0, 0), result["detail"]
    assert result["status_truthful"]


@pytest.mark.postgres
def test_two_replicas_on_postgresql_post_nothing_twice_and_lose_nothing():
    with fresh_database() as url:
        result = run(kills=8, replicas=2, database=url, drop_rate=0.2, seed=11, keep=False)
    assert result["published"] > 0
    assert (result["duplicates"], result["lost"]) == (0, 0), result["detail"]
    assert result["status_truthful"]


def test_killed_daemons_with_link_comments_comment_each_post_once():
    result = run(
        kills=8, replicas=1, database=None, drop_rate=0.2, seed=13, keep=False, link_comment=True
    )
    assert result["published"] > 0 and result["comments"] > 0
    assert (result["duplicates"], result["lost"]) == (0, 0), result
    assert (result["comment_duplicates"], result["comments_lost"]) == (0, 0), result
    assert result["status_truthful"]

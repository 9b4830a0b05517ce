"""The fake server as a standalone process, driven through its control API."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from scheduler.model.post import Outcome
from tests.fakes.fixtures import publisher, sample_post

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake_process():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes", "--port", str(port), "--latency", "0.01"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            requests.get(url + "/_fake/posts", timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(proc.stderr.read().decode() if proc.stderr else "did not start")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=5)


def test_control_api_queues_faults_lists_posts_and_resets(fake_process):
    url = fake_process
    queued = requests.post(
        url + "/_fake/faults", json=[{"kind": "error_503", "platform": "facebook"}], timeout=5
    )
    assert queued.json() == {"queued": 1}
    pub = publisher("facebook", url)
    assert pub.publish(sample_post("facebook")).outcome is Outcome.TRANSIENT
    assert pub.publish(sample_post("facebook")).outcome is Outcome.PUBLISHED
    posts = requests.get(url + "/_fake/posts", timeout=5).json()
    assert [p["platform"] for p in posts] == ["facebook"]
    assert set(posts[0]) == {
        "platform",
        "account",
        "text",
        "link",
        "has_image",
        "remote_id",
        "time",
        "alt_text",
    }
    bad = requests.post(url + "/_fake/faults", json={"kind": "meteor"}, timeout=5)
    assert bad.status_code == 400
    requests.post(url + "/_fake/reset", timeout=5)
    assert requests.get(url + "/_fake/posts", timeout=5).json() == []


def test_probabilistic_drop_after_commit(fake_process):
    url = fake_process
    requests.post(
        url + "/_fake/faults", json={"probabilities": {"drop_after_commit": 1.0}}, timeout=5
    )
    pub = publisher("twitter", url)
    assert pub.publish(sample_post("twitter")).outcome is Outcome.UNKNOWN
    assert pub.find(sample_post("twitter")).outcome is Outcome.PUBLISHED

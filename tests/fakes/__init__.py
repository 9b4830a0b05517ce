"""Fake X, LinkedIn and Facebook servers for tests, chaos runs and benchmarks.

In tests: ``server = shared_server(); server.reset(); server.inject("error_503", "x")``.
Standalone: ``python -m tests.fakes --port 8765 [--drop-after-commit 0.2] [--latency 0.2]``.
"""

from __future__ import annotations

from tests.fakes.server import FakePlatforms, shared_server

__all__ = ["FakePlatforms", "shared_server"]

"""The person's side of `scheduler auth` in tests: a browser, and typing what it showed.

``FakeBrowser.open`` replaces ``webbrowser.open``: like a real browser it runs beside the
command, visits the address, follows the platform's redirect to the command's local listener,
and keeps the page it ends on. ``LateInput`` is stdin for CliRunner whose lines may wait for
that page (the PIN X shows), as a person reads it before typing.
"""

from __future__ import annotations

import io
import queue
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.fakes import x_oauth

VISIT_TIMEOUT_S = 10.0


class FakeBrowser:
    def __init__(self) -> None:
        self.visited: list[str] = []
        self._pages: queue.Queue[str] = queue.Queue()

    def open(self, url: str, *args: Any, **kwargs: Any) -> bool:
        self.visited.append(url)
        threading.Thread(target=self._visit, args=(url,), daemon=True).start()
        return True

    def _visit(self, url: str) -> None:
        try:
            page = requests.get(url, timeout=VISIT_TIMEOUT_S).text
        except requests.RequestException as exc:
            page = f"browser error: {exc!r}"
        self._pages.put(page)

    def page(self) -> str:
        """The page the last visit ended on, once it has."""
        return self._pages.get(timeout=VISIT_TIMEOUT_S)

    def pin(self) -> str:
        match = re.search(re.escape(x_oauth.PIN_MARK) + r"(\d+)", self.page())
        return match.group(1) if match else "no PIN shown"


def install(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    browser = FakeBrowser()
    monkeypatch.setattr("webbrowser.open", browser.open)
    return browser


class LateInput(io.RawIOBase):
    """Text typed in order; a callable part is called (and may block) when it is reached, and
    what it returns is typed as one line."""

    def __init__(self, *parts: str | Callable[[], str]) -> None:
        self._parts = list(parts)
        self._ready = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not len(buffer):
            return 0
        while not self._ready and self._parts:
            part = self._parts.pop(0)
            self._ready = (f"{part()}\n" if callable(part) else part).encode()
        count = min(len(buffer), len(self._ready))
        buffer[:count] = self._ready[:count]
        self._ready = self._ready[count:]
        return count


def typed(*parts: str | Callable[[], str]) -> io.BufferedReader:
    return io.BufferedReader(LateInput(*parts))

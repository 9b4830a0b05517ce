"""The Guide for a person at a terminal: click prompts on stderr, a browser when allowed.

Secrets are asked with hidden input, so they are neither echoed nor left in scrollback.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Sequence

import click


class TerminalGuide:
    def __init__(self, *, open_browser: bool = True) -> None:
        self.open_browser = open_browser

    def say(self, message: str) -> None:
        click.echo(message, err=True)

    def ask(self, question: str, *, secret: bool = False) -> str:
        return str(click.prompt(question, hide_input=secret, err=True))

    def confirm(self, question: str) -> bool:
        return click.confirm(question, default=False, err=True)

    def choose(self, question: str, options: Sequence[str]) -> int:
        for number, option in enumerate(options, start=1):
            self.say(f"  {number}. {option}")
        picked = click.prompt(question, type=click.IntRange(1, len(options)), err=True)
        return int(picked) - 1

    def visit(self, url: str) -> None:
        self.say(f"Open this address in a browser, sign in and allow the app:\n\n  {url}\n")
        if self.open_browser:
            try:
                webbrowser.open(url)
            except webbrowser.Error:
                pass  # the address is on screen; a missing browser is no failure

"""Content, loaded and checked as one: the config and the queue the staff wrote.

The daemon, the command line and the web desk all read content through here, so a file that
one of them refuses, all of them refuse, with the same message.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from scheduler.clock import utc_now
from scheduler.errors import UsageError
from scheduler.model.post import Post
from scheduler.model.settings import Account, Config
from scheduler.model.snippets import Queue, Snippet
from scheduler.planning.plan import (
    Choice,
    Fits,
    HistoryIndex,
    account_order,
    choose,
    eligible_fresh,
    held_essays,
    recyclable,
    remembered,
)
from scheduler.planning.slots import Slot
from scheduler.posting.build import (
    ShortCode,
    build_post,
    check_edits_fit,
    fit_key,
    fits,
    public_base,
)
from scheduler.store.project import Project

if TYPE_CHECKING:
    from scheduler.store.ledger import Ledger


@dataclass(frozen=True)
class Content:
    config: Config
    queue: Queue
    signature: tuple[tuple[str, int, int], ...] = field(default=(), compare=False)
    short_code: ShortCode | None = field(default=None, compare=False)  # when links are short

    @cached_property
    def orders(self) -> dict[str, list[Snippet]]:
        fresh = eligible_fresh(
            self.queue.snippets,
            require_approval=self.config.rules.require_approval,
            held=held_essays(self.queue, self.config),
        )
        return {a.key: account_order(fresh, n) for n, a in enumerate(self.config.accounts)}

    @cached_property
    def recyclable(self) -> list[Snippet]:
        return recyclable(self.queue, held_essays(self.queue, self.config))

    @cached_property
    def fits(self) -> Fits:
        """build.fits, remembered: the queue and config of one Content never change."""
        return remembered(fits, key=fit_key)

    def choose(
        self,
        account: Account,
        slot_at: datetime,
        history: HistoryIndex,
        exclude: Collection[str] = (),
    ) -> Choice:
        return choose(
            self.orders[account.key],
            self.recyclable,
            account,
            Slot(slot_at, account.key),
            self.config,
            history,
            self.fits,
            exclude,
        )

    def post(self, snippet: Snippet, account: Account, *, variant: int = 0) -> Post:
        return build_post(
            snippet, account, self.queue, self.config, self.short_code, variant=variant
        )


def content_signature(project: Project) -> tuple[tuple[str, int, int], ...]:
    """Changes when any content file changes: cheap enough to check every few seconds."""
    paths = [project.config_path]
    if project.queue_dir.is_dir():
        paths += sorted(project.queue_dir.glob("*.yaml"))
    signature = []
    for path in paths:
        try:
            stat = path.stat()
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:  # gone, a dangling link or a loop: loading says which, by name
            signature.append((str(path), 0, 0))
    return tuple(signature)


def load_content(project: Project) -> Content:
    """Config and queue, fully validated; raises the first InputError found."""
    signature = content_signature(project)
    config = project.config()
    queue = project.queue()
    check_edits_fit(queue, config)
    short_code = short_codes_in(project) if public_base(config) else None
    return Content(config, queue, signature, short_code)


def short_codes_in(project: Project) -> ShortCode:
    """Short-link codes kept in the project's ledger, opened only when a link is made."""
    opened: list[Ledger] = []

    def ledger() -> Ledger:
        if not opened:
            opened.append(project.ledger())
        return opened[0]

    def code_for(snippet: Snippet, platform: str, target: str) -> str:
        # Imported here: SQLAlchemy is paid for only by a command that makes a link.
        from scheduler.store.shortlinks import short_code_maker

        return short_code_maker(ledger, utc_now)(snippet, platform, target)

    return code_for


def find_snippet(content: Content, snippet_id: str) -> Snippet:
    snippet = content.queue.snippet(snippet_id)
    if snippet is None:
        matches = [s for s in content.queue.snippets if s.id.startswith(snippet_id)]
        if len(matches) == 1 and len(snippet_id) >= 4:
            return matches[0]
        raise UsageError(
            f"no snippet with id {snippet_id!r}", hint="list the ids with 'scheduler queue'"
        )
    return snippet

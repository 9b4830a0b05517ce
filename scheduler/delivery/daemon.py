"""The daemon: APScheduler 3 fires at each account's next slot, and the ledger keeps it honest.

Only the next due slot per account is a job (a year of jobs would cost memory for nothing);
after each firing the account's next slot is scheduled. The memory job store is rebuilt from
config and queue at start and on reload: the ledger is the only durable state.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import uuid
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from scheduler.clock import Clock, utc_now
from scheduler.delivery.alerts import Alerter
from scheduler.delivery.exactly_once import Publishing
from scheduler.delivery.slot_choice import publish_slot
from scheduler.delivery.timetable import Timetable
from scheduler.delivery.timing import Timing, heartbeat_window, tick_seconds
from scheduler.errors import InputError, SnippetTaken
from scheduler.model.post import Post
from scheduler.model.settings import Account
from scheduler.planning.slots import next_slot, schedule_instants
from scheduler.publishers.factory import Wiring, wire_publishers
from scheduler.publishers.platform_access import token_warning
from scheduler.store.content import Content, content_signature, load_content
from scheduler.store.ledger import Ledger
from scheduler.store.ledger.claims import Claim
from scheduler.store.plan_history import history_from
from scheduler.store.project import Project

log = logging.getLogger(__name__)

TIMER_JOB = "timer"  # the one job that wakes the daemon for the earliest slot
ANNOUNCED_ACCOUNTS = 10  # named in the start-up line; the rest are counted
CATCH_UP_LOOKBACK = timedelta(days=7)
# A slot whose chosen snippet another process claims meanwhile chooses again, this often.
CHOICE_TRIES = 3


class Daemon:
    def __init__(self, project: Project, *, dry_run: bool = False, clock: Clock = utc_now) -> None:
        self.project = project
        self.clock = clock
        self.owner = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.content: Content = load_content(project)  # at start, bad content is fatal
        self.ledger: Ledger = project.ledger()
        self.dry_run = dry_run
        self.wiring: Wiring = wire_publishers(
            self.content.config, project.outbox_dir, dry_run=dry_run
        )
        self.alerter = Alerter(self.content.config.alerts)
        self.tick_seconds = tick_seconds()
        self.publishing = Publishing(
            self.ledger,
            self.wiring.publishers,
            self.owner,
            clock,
            self.alerter.send,
            # A lost answer is only "not there" once the request must have ended.
            Timing(settle=timedelta(seconds=max(2 * self.tick_seconds, self.wiring.timeout_s + 5))),
        )
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(self.content.config.rules.misfire_grace.total_seconds()),
            },
        )
        self.timetable = Timetable()
        self.stopping = threading.Event()
        self._swept_until = clock()
        self._token_stage: str | None = None
        self._lock = threading.RLock()  # reload and slot firing never interleave
        # One account's slots are decided one at a time: caught-up slots run in parallel
        # workers, and each must see the claims before it, or two would choose one snippet.
        self._account_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    # ---- what happens at a slot ----------------------------------------------------------

    def fire(self, account_key: str, slot_at: datetime) -> None:
        """A slot's timer went off: one beyond the grace period is recorded as missed."""
        if self.clock() - slot_at <= self.content.config.rules.misfire_grace:
            self.fire_once(account_key, slot_at)
            return
        try:
            self.publishing.skip(
                account_key, slot_at, "missed: the slot passed beyond the grace period"
            )
        except Exception:
            log.exception("could not record a missed slot", extra={"account": account_key})

    def _publish_slot(self, content: Content, account: Account, slot_at: datetime) -> None:
        with self._lock:
            lock = self._account_locks[account.key]
        with lock:
            self._publish_slot_now(content, account, slot_at)

    def _publish_slot_now(self, content: Content, account: Account, slot_at: datetime) -> None:
        for _ in range(CHOICE_TRIES):
            # Counts first, then history: a claim made between the two reads is in the
            # history (so its snippet is not chosen); one made after both has our generation.
            generations = self.ledger.claim_counts(account.key)
            history = history_from(
                self.ledger,
                content.queue,
                account.key,
                others_since=slot_at - content.config.rules.stagger,
            )
            try:
                publish_slot(content, account, slot_at, history, self.publishing, generations)
                return
            except SnippetTaken as taken:
                log.info("chosen snippet was taken meanwhile; choosing again: %s", taken)
        self.publishing.skip(
            account.key, slot_at, "each snippet chosen was claimed meanwhile by another process"
        )

    def post_for(self, claim: Claim) -> Post | None:
        content = self.content
        account = content.config.account(claim.account)
        snippet = content.queue.snippet(claim.snippet_id or "")
        if account is None or snippet is None:
            return None
        post = content.post(snippet, account)
        return Post(**{**post.__dict__, "text": claim.text}) if claim.text else post

    # ---- the housekeeping tick -----------------------------------------------------------

    def tick(self) -> None:
        try:
            self.ledger.heartbeat(self.owner, self.clock())
            if content_signature(self.project) != self.content.signature:
                self.reload()
            self.publishing.resume_open_claims(self.post_for, self.live_owners())
            self.sweep(self.clock())
            self.check_tokens(self.clock())
        except Exception:
            log.exception("housekeeping failed; will try again at the next tick")

    def check_tokens(self, now: datetime) -> None:
        """Warn 14 and 3 days before the LinkedIn token expires (once per stage), and at expiry."""
        linkedin = self.wiring.credentials.linkedin
        if linkedin is None or linkedin.token_expires is None:
            return
        warning = token_warning(linkedin.token_expires, now)
        stage = warning.split(";")[-1].strip() if warning else None
        if warning and stage != self._token_stage:
            self.alerter.send(warning)
        self._token_stage = stage

    def live_owners(self) -> set[str]:
        """Processes whose heartbeat is recent: their sent claims may still be in flight."""
        seconds = heartbeat_window(self.tick_seconds)
        return self.ledger.live_owners(self.clock(), within_seconds=seconds) | {self.owner}

    def reload(self) -> bool:
        """Pick up edited content; an invalid edit is refused and the last good one runs on."""
        try:
            fresh = load_content(self.project)
        except InputError as exc:
            log.error("content refused; the last good version keeps running: %s", exc.message)
            # Keep everything of the last good content (its short links too); only note the
            # files' new signature, so the refusal is not logged again every tick.
            self.content = replace(self.content, signature=content_signature(self.project))
            return False
        with self._lock:
            self.content = fresh
            self.alerter = Alerter(fresh.config.alerts)
            self.publishing.alert = self.alerter.send
            if self.scheduler.running:
                self._schedule_all(self.clock())
        log.info("content reloaded", extra={"snippets": len(fresh.queue.snippets)})
        return True

    # ---- scheduling ----------------------------------------------------------------------

    def _schedule_all(self, now: datetime) -> None:
        """Every account's next slot into the timetable, and the one timer set for the first."""
        timetable = Timetable()
        for account in self.content.config.accounts:
            timetable.set(account.key, next_slot(account, now - timedelta(seconds=1)))
        with self._lock:
            self.timetable = timetable
            self._arm()

    def _arm(self) -> None:
        at = self.timetable.next_at()
        if at is None:
            if self.scheduler.get_job(TIMER_JOB):
                self.scheduler.remove_job(TIMER_JOB)
            return
        self.scheduler.add_job(
            self._dispatch,
            "date",
            run_date=at,
            id=TIMER_JOB,
            replace_existing=True,
            misfire_grace_time=None,
        )

    def _dispatch(self) -> None:
        """The timer went off: hand each due slot to the worker pool, set the next timer."""
        with self._lock:
            for at, key in self.timetable.due(self.clock()):
                account = self.content.config.account(key)
                if account is None:
                    continue
                self.timetable.set(key, next_slot(account, at))
                # Late or not, the slot runs: `fire` itself records one beyond the grace period.
                self.scheduler.add_job(
                    self.fire, "date", run_date=at, args=(key, at), misfire_grace_time=None
                )
            if not self.stopping.is_set():
                self._arm()

    def due_slots(
        self, start: datetime, end: datetime, now: datetime
    ) -> tuple[list[tuple[datetime, str]], list[tuple[datetime, str]]]:
        """Slots in [start, end) with no outcome yet: within the grace period, or beyond it."""
        grace = self.content.config.rules.misfire_grace
        due = [
            (at, account.key)
            for account in self.content.config.accounts
            for at in schedule_instants(account.schedule, start, end)
        ]
        if not due:
            return [], []  # the common case at a tick: ask the ledger nothing
        taken = self.ledger.claimed_slots(start, end)
        catch_up, missed = [], []
        for at, key in due:
            if (key, at) not in taken:
                (catch_up if now - at <= grace else missed).append((at, key))
        return sorted(catch_up), sorted(missed)

    def catch_up(self, now: datetime, last_seen: datetime | None, *, inline: bool) -> int:
        """After downtime: publish missed slots within the grace period, record older ones."""
        grace = self.content.config.rules.misfire_grace
        # Look back from the last sign of life, less a grace period: a slot that was due just
        # before a crash may not have been claimed yet.
        start = max(min(last_seen or now, now) - grace, now - CATCH_UP_LOOKBACK)
        catch_up, missed = self.due_slots(start, now, now)
        self._record_missed(missed, "missed: the daemon was not running within the grace period")
        spacing = self.content.config.rules.catch_up_spacing
        for n, (at, key) in enumerate(catch_up):
            if inline:
                self.fire_once(key, at)
            else:
                self.scheduler.add_job(
                    self.fire_once,
                    "date",
                    run_date=now + n * spacing,
                    args=(key, at),
                    id=f"catch-up:{key}:{at.isoformat()}",
                    misfire_grace_time=None,
                )
        self._swept_until = now
        return len(catch_up)

    def sweep(self, now: datetime) -> None:
        """Slots that passed while running but got no outcome (a misfire, a clock jump)."""
        margin = timedelta(seconds=2 * self.tick_seconds + 1)  # the slot's own job goes first
        start, end = self._swept_until, now - margin
        if end <= start:
            return
        catch_up, missed = self.due_slots(start, end, now)
        self._record_missed(missed, "missed: the slot passed beyond the grace period")
        for at, key in catch_up:
            log.warning(
                "slot was not fired on time; publishing it now",
                extra={"account": key, "slot": at.isoformat()},
            )
            self.fire_once(key, at)
        self._swept_until = end

    def _record_missed(self, missed: list[tuple[datetime, str]], reason: str) -> None:
        for at, key in missed:
            self.publishing.skip(key, at, reason)

    def fire_once(self, account_key: str, slot_at: datetime) -> None:
        """Publish one slot now, whatever its age (catch-up and the sweep judged it already)."""
        with self._lock:
            content = self.content
        account = content.config.account(account_key)
        if account is None:
            return
        try:
            self._publish_slot(content, account, slot_at)
        except Exception:  # one bad slot must never take the daemon down
            log.exception("slot failed", extra={"account": account_key})

    # ---- running ---------------------------------------------------------------------------

    def announce(self) -> None:
        """One line, however many accounts: which ones post to the outbox, and where it is."""
        outboxed = self.wiring.dry_run
        if not outboxed:
            return
        shown = ",".join(outboxed[:ANNOUNCED_ACCOUNTS])
        more = len(outboxed) - ANNOUNCED_ACCOUNTS
        log.warning(
            "no credentials: posting to the dry-run outbox",
            extra={
                "accounts": shown + (f",…(+{more})" if more > 0 else ""),
                "outbox": str(self.project.outbox_dir),
            },
        )

    def _resume(self, now: datetime) -> datetime | None:
        """Say what is dry-run, sign in, finish open claims; the last sign of life before us."""
        self.announce()
        last_seen = self.ledger.last_seen()  # read before our own heartbeat moves it
        self.ledger.heartbeat(self.owner, now)
        self.publishing.resume_open_claims(self.post_for, self.live_owners())
        self.check_tokens(now)
        return last_seen

    def run_once(self) -> int:
        """Publish whatever is due now, finish open claims, and return."""
        now = self.clock()
        return self.catch_up(now, self._resume(now), inline=True)

    def start(self) -> None:
        """Start firing slots in background threads; returns at once (the desk uses this)."""
        now = self.clock()
        last_seen = self._resume(now)
        self.scheduler.start()
        self.catch_up(now, last_seen, inline=False)
        self._schedule_all(now)
        self.scheduler.add_job(
            self.tick, "interval", seconds=self.tick_seconds, id="tick", misfire_grace_time=None
        )
        log.info(
            "daemon running",
            extra={"owner": self.owner, "accounts": len(self.content.config.accounts)},
        )

    def shutdown(self) -> None:
        """Let the publish in flight finish, then stop."""
        self.stopping.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.ledger.close()
        log.info("daemon stopped")

    def run_forever(self) -> None:
        self.start()
        self._install_signals()
        while not self.stopping.wait(timeout=3600):
            pass
        self.shutdown()

    def state(self) -> dict[str, object]:
        """For the desk's health check: no secrets, no content."""
        upcoming = self.timetable.next_at()
        return {
            "running": self.scheduler.running and not self.stopping.is_set(),
            "owner": self.owner,
            "accounts": len(self.content.config.accounts),
            "next_slot": upcoming.isoformat() if upcoming else None,
            "dry_run_accounts": list(self.wiring.dry_run),
        }

    def stop(self) -> None:
        self.stopping.set()

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGTERM, lambda *_: self.stop())
        signal.signal(signal.SIGINT, lambda *_: self.stop())
        signal.signal(signal.SIGHUP, lambda *_: threading.Thread(target=self.reload).start())

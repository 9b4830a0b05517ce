"""Failure alerts: always to the log, and to every apprise URL the config lists."""

from __future__ import annotations

import logging
from collections.abc import Sequence

log = logging.getLogger("scheduler.alert")


class Alerter:
    def __init__(self, urls: Sequence[str]) -> None:
        self.urls = tuple(urls)

    def send(self, message: str) -> None:
        log.error("alert: %s", message)
        if not self.urls:
            return
        try:
            import apprise  # imported here: it is heavy, and most runs never alert

            notifier = apprise.Apprise()
            for url in self.urls:
                notifier.add(url)
            if not notifier.notify(title="essay-scheduler", body=message):
                log.error("alert could not be delivered to every configured URL")
        except Exception:  # an alert channel failing must not stop publishing
            log.exception("alert delivery failed")

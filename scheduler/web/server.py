"""`scheduler serve`: the desk and the daemon in one process, under uvicorn."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from fastapi import FastAPI

from scheduler.delivery.daemon import Daemon
from scheduler.errors import InputError
from scheduler.model.settings import DeskSettings
from scheduler.store.config_file import read_config
from scheduler.store.project import Project
from scheduler.web.app import create_app
from scheduler.web.auth import Auth, desk_hosts, password_check, signing_key
from scheduler.web.desk import Desk

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def build(
    project: Project,
    *,
    daemon: Daemon | None = None,
    dry_run: bool = False,
    host: str = "127.0.0.1",
    settings: DeskSettings | None = None,
) -> FastAPI:
    """The app; the daemon (if any) starts with the server and stops with it."""
    desk = Desk(project, daemon=daemon, dry_run=dry_run)
    settings = settings or desk_settings(project)
    auth = Auth(password_check(project), signing_key(project), desk.team)
    app = create_app(desk, auth, desk_hosts(host, settings.allowed_hosts))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if daemon is not None:
            daemon.start()
        try:
            yield
        finally:
            if daemon is not None:
                daemon.shutdown()
            desk.close()

    app.router.lifespan_context = lifespan
    return app


def serve(
    project: Project,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    with_daemon: bool = True,
    dry_run: bool = False,
    announce: Callable[[Daemon], None] | None = None,
) -> None:
    if host not in LOCAL_HOSTS:
        log.warning(
            "the desk listens beyond this machine: put it behind TLS (a reverse proxy), "
            "or its password and session cookie travel in the clear; name the host names "
            "it answers to under desk.allowed_hosts",
            extra={"host": host},
        )
    # Made before serving, so bad content stops `serve` with the file and line, as `run` does.
    daemon = Daemon(project, dry_run=dry_run) if with_daemon else None
    if daemon is not None and announce is not None:
        announce(daemon)
    settings = desk_settings(project)
    app = build(project, daemon=daemon, dry_run=dry_run, host=host, settings=settings)
    shown = f"[{host}]" if ":" in host else host
    print(f"Desk: http://{shown}:{port}/", flush=True)
    DeskServer(server_config(app, host, port, settings)).run()


def server_config(app: FastAPI, host: str, port: int, settings: DeskSettings) -> uvicorn.Config:
    """uvicorn, believing X-Forwarded-For and -Proto only from the proxies the config names.

    uvicorn's default trusts them from 127.0.0.1, so anything on this machine could claim any
    client address and walk past the login throttle; with no proxy named, nobody is trusted.
    """
    proxies = list(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # uvicorn's own logging config would replace our key=value lines
        access_log=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or [],
    )


def desk_settings(project: Project) -> DeskSettings:
    """The config's desk section; its safe defaults while the config cannot be read."""
    try:
        return read_config(project.config_path).desk
    except InputError as exc:
        log.warning("the desk takes its default settings", extra={"error": exc.message})
        return DeskSettings()


class DeskServer(uvicorn.Server):
    """uvicorn, except that SIGTERM or Ctrl-C ends with exit code 0 after the clean shutdown
    (uvicorn raises the signal again once it has stopped, and the process dies by it)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        stops = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in stops}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)

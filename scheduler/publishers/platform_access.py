"""Platform access: tokens and connection settings, from the environment and a secrets file.

The environment wins over the file so a one-off ``X_ACCESS_TOKEN=... scheduler ...`` works.
A secrets file anyone else can read is refused outright: a quote scheduler is not worth a
leaked page token.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from scheduler.errors import ConfigError, CredentialError
from scheduler.files import write_atomically

DEFAULT_SECRETS_PATH = Path("~/.config/essay-scheduler/secrets.env")
SECRETS_FILE_VAR = "SCHEDULER_SECRETS_FILE"
PRIVATE_MODE = 0o600
GROUP_OTHER_BITS = 0o077

X_VARS = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
LINKEDIN_REQUIRED = ("LINKEDIN_ACCESS_TOKEN",)
LINKEDIN_OPTIONAL = ("LINKEDIN_AUTHOR_URN", "LINKEDIN_TOKEN_EXPIRES")
FACEBOOK_VARS = ("FACEBOOK_PAGE_ID", "FACEBOOK_PAGE_TOKEN")

# LinkedIn tokens live 60 days; warn two weeks ahead, and louder in the last three days.
TOKEN_WARN_DAYS = 14
TOKEN_URGENT_DAYS = 3


@dataclass(frozen=True)
class XCredentials:
    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)

    def secret_values(self) -> tuple[str, ...]:
        return (self.api_key, self.api_secret, self.access_token, self.access_token_secret)


@dataclass(frozen=True)
class LinkedInCredentials:
    access_token: str = field(repr=False)
    author_urn: str | None = None
    token_expires: date | datetime | None = None

    def secret_values(self) -> tuple[str, ...]:
        return (self.access_token,)


@dataclass(frozen=True)
class FacebookCredentials:
    page_id: str
    page_token: str = field(repr=False)

    def secret_values(self) -> tuple[str, ...]:
        return (self.page_token,)


@dataclass(frozen=True)
class Credentials:
    x: XCredentials | None = None
    linkedin: LinkedInCredentials | None = None
    facebook: FacebookCredentials | None = None

    def secret_values(self) -> tuple[str, ...]:
        """Every token and secret string, for log redaction."""
        parts = (self.x, self.linkedin, self.facebook)
        return tuple(value for part in parts if part for value in part.secret_values() if value)


def load_credentials(environ: Mapping[str, str], secrets_path: Path | None = None) -> Credentials:
    """Read credentials from the secrets file (if any) overlaid with the environment."""
    values = dict(read_secrets_file((secrets_path or secrets_file(environ)).expanduser()))
    values.update({k: v for k, v in environ.items() if v})
    return Credentials(
        x=_x_from(values),
        linkedin=_linkedin_from(values),
        facebook=_facebook_from(values),
    )


def secrets_file(environ: Mapping[str, str]) -> Path:
    """Where the secrets file is: SCHEDULER_SECRETS_FILE, or the default under ~/.config."""
    return Path(environ.get(SECRETS_FILE_VAR) or DEFAULT_SECRETS_PATH).expanduser()


def _complete_set(values: Mapping[str, str], names: tuple[str, ...], platform: str) -> bool:
    """True when all of ``names`` are set, False when none are; a partial set is an error."""
    missing = [name for name in names if not values.get(name)]
    if len(missing) == len(names):
        return False
    if missing:
        raise CredentialError(
            f"{platform} credentials are incomplete: {', '.join(missing)} is not set "
            f"(set it in the environment or the secrets file, or remove the other {platform} "
            "values to disable the platform)"
        )
    return True


def _x_from(values: Mapping[str, str]) -> XCredentials | None:
    if not _complete_set(values, X_VARS, "X"):
        return None
    return XCredentials(*(values[name] for name in X_VARS))


def _linkedin_from(values: Mapping[str, str]) -> LinkedInCredentials | None:
    if not values.get("LINKEDIN_ACCESS_TOKEN"):
        present = [name for name in LINKEDIN_OPTIONAL if values.get(name)]
        if present:
            raise CredentialError(
                f"LinkedIn credentials are incomplete: LINKEDIN_ACCESS_TOKEN is not set "
                f"(but {', '.join(present)} is)"
            )
        return None
    return LinkedInCredentials(
        access_token=values["LINKEDIN_ACCESS_TOKEN"],
        author_urn=values.get("LINKEDIN_AUTHOR_URN") or None,
        token_expires=_parse_expiry(values.get("LINKEDIN_TOKEN_EXPIRES")),
    )


def _facebook_from(values: Mapping[str, str]) -> FacebookCredentials | None:
    if not _complete_set(values, FACEBOOK_VARS, "Facebook"):
        return None
    return FacebookCredentials(values["FACEBOOK_PAGE_ID"], values["FACEBOOK_PAGE_TOKEN"])


def _parse_expiry(raw: str | None) -> date | datetime | None:
    if not raw:
        return None
    try:
        if "T" in raw or " " in raw.strip():
            return datetime.fromisoformat(raw.strip())
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise CredentialError(
            f"LINKEDIN_TOKEN_EXPIRES={raw!r} is not an ISO date (expected e.g. 2026-03-31)"
        ) from exc


def expiry_instant(expires: date | datetime) -> datetime:
    """The moment a token stops working. A bare date means the start of that day (UTC):
    better to stop a few hours early than to publish into a 401."""
    if isinstance(expires, datetime):
        return expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    return datetime.combine(expires, time.min, tzinfo=UTC)


def token_expired(expires: date | datetime | None, now: datetime) -> bool:
    return expires is not None and _aware(now) >= expiry_instant(expires)


def token_warning(expires: date | datetime, now: datetime) -> str | None:
    """A sentence for the operator when the token is near expiry or past it, else None."""
    left = expiry_instant(expires) - _aware(now)
    if left <= timedelta(0):
        return f"LinkedIn token expired on {expiry_instant(expires):%Y-%m-%d}; renew it"
    days = math.ceil(left / timedelta(days=1))
    if days > TOKEN_WARN_DAYS:
        return None
    unit = "day" if days == 1 else "days"
    urgency = "renew it now" if days <= TOKEN_URGENT_DAYS else "renew it soon"
    return f"LinkedIn token expires in {days} {unit}; {urgency}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the secrets file -----------------------------------------------------------------------


def read_secrets_file(path: Path) -> dict[str, str]:
    """KEY=value lines; '#' comments, blank lines, ``export`` and quotes are tolerated."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CredentialError(f"cannot read secrets file {path}: {exc.strerror}") from exc
    if mode & GROUP_OTHER_BITS:
        raise CredentialError(
            f"secrets file {path} is readable or writable by others "
            f"(mode {mode & 0o777:04o}); fix: chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialError(f"cannot read secrets file {path}: {exc}") from exc
    return dict(_parse_lines(text, path))


def _parse_lines(text: str, path: Path) -> list[tuple[str, str]]:
    pairs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            # Never echo the line: it may be a pasted token.
            raise CredentialError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        pairs.append((key.strip(), value))
    return pairs


def save_secrets(path: Path, values: Mapping[str, str]) -> None:
    """Merge ``values`` into the secrets file, written 0600 via an atomic rename."""
    path = path.expanduser()
    for key, value in values.items():
        if not key.isidentifier() or "\n" in value or "\r" in value:
            raise CredentialError(f"cannot store {key!r}: keys are identifiers, values one line")
    merged = read_secrets_file(path) if path.exists() else {}
    merged.update(values)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = "".join(f"{key}={value}\n" for key, value in merged.items())
    write_atomically(path, text, mode=PRIVATE_MODE)


# --- connection settings --------------------------------------------------------------------

DEFAULT_X_API_BASE = "https://api.twitter.com"
DEFAULT_LINKEDIN_API_BASE = "https://api.linkedin.com"
DEFAULT_FACEBOOK_API_BASE = "https://graph.facebook.com"
DEFAULT_LINKEDIN_VERSION = "202511"
DEFAULT_FACEBOOK_GRAPH_VERSION = "v25.0"
DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class PlatformSettings:
    x_api_base: str = DEFAULT_X_API_BASE
    linkedin_api_base: str = DEFAULT_LINKEDIN_API_BASE
    facebook_api_base: str = DEFAULT_FACEBOOK_API_BASE
    linkedin_version: str = DEFAULT_LINKEDIN_VERSION
    facebook_graph_version: str = DEFAULT_FACEBOOK_GRAPH_VERSION
    timeout_s: float = DEFAULT_TIMEOUT_S

    def endpoint(self, platform: str) -> tuple[str, str]:
        """The base URL and API version set for a versioned platform (LinkedIn, Facebook)."""
        if platform == "linkedin":
            return self.linkedin_api_base, self.linkedin_version
        if platform == "facebook":
            return self.facebook_api_base, self.facebook_graph_version
        raise ValueError(f"{platform!r} has no versioned API")


_SETTING_VARS = {
    "x_api_base": "SCHEDULER_X_API_BASE",
    "linkedin_api_base": "SCHEDULER_LINKEDIN_API_BASE",
    "facebook_api_base": "SCHEDULER_FACEBOOK_API_BASE",
    "linkedin_version": "SCHEDULER_LINKEDIN_VERSION",
    "facebook_graph_version": "SCHEDULER_FACEBOOK_GRAPH_VERSION",
    "timeout_s": "SCHEDULER_REQUEST_TIMEOUT",
}


def settings_from(
    environ: Mapping[str, str], config_overrides: Mapping[str, str] | None = None
) -> PlatformSettings:
    """Settings from config values (same variable names) overlaid with the environment."""
    merged = {**(config_overrides or {}), **{k: v for k, v in environ.items() if v}}
    chosen: dict[str, object] = {}
    for attr, var in _SETTING_VARS.items():
        raw = merged.get(var)
        if raw:
            chosen[attr] = _timeout(var, raw) if attr == "timeout_s" else raw.strip().rstrip("/")
    return PlatformSettings(**chosen)  # type: ignore[arg-type]


def _timeout(var: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{var}={raw!r} is not a number of seconds") from exc
    if not 0 < value <= 600:
        raise ConfigError(f"{var}={raw!r} must be between 0 and 600 seconds")
    return value

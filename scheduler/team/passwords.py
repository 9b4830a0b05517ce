"""Password hashes: scrypt from the standard library, salted, compared in constant time.

scrypt is memory-hard (n=2**14, r=8 costs 16 MiB a try), so a stolen ledger is slow to guess
from, and it needs no compiled dependency. One check costs tens of milliseconds either way, so
an unknown name and a wrong password take the same time: see ``verify_or_waste``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex): the form SCHEDULER_DESK_PASSWORD_HASH takes."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:  # a malformed hash never matches
        return False
    return hmac.compare_digest(digest.hex(), expected)


@cache
def _decoy() -> str:
    return hash_password(secrets.token_urlsafe(16))


def verify_or_waste(password: str, stored: str | None) -> bool:
    """Check against ``stored``, or spend the same work on a decoy when there is none."""
    if stored is None:
        verify_password(password, _decoy())
        return False
    return verify_password(password, stored)

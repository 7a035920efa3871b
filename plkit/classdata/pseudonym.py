"""Pseudonymous student keys: HMAC-SHA256 with a secret that never leaves this machine.

The secret is generated locally the first time it is needed and stored outside any workbook
folder (in the user's configuration directory, file mode 0600), so a submitted workbook carries
pseudonyms that nobody without the secret can link back to a student number. Plain hashes of
student numbers are not used: they can be reversed by trying every number.

>>> pseudonym("12345", b"a secret for the docs")
'hy6yxbecj6'
>>> pseudonym("12345", b"a secret for the docs") == pseudonym(" 12345 ", b"a secret for the docs")
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import unicodedata
from pathlib import Path

import platformdirs

from plkit.errors import PlkitError

__all__ = ["SECRET_ENV", "local_secret", "normalise_key", "pseudonym", "secret_path"]

#: Environment variable naming the secret file (tests and managed machines set it).
SECRET_ENV = "PLKIT_SECRET_FILE"
_SECRET_NAME = "classdata-secret"


def secret_path() -> Path:
    """Where the local secret lives: ``$PLKIT_SECRET_FILE``, else the user config directory."""
    env = os.environ.get(SECRET_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("plkit", appauthor=False)) / _SECRET_NAME


def local_secret(path: Path | None = None) -> bytes:
    """Read the local secret, creating it (32 random bytes, mode 0600) on first use."""
    path = Path(path) if path is not None else secret_path()
    if path.is_file():
        data = path.read_bytes().strip()
        if len(data) >= 32:
            return data
        raise PlkitError(
            f"The pseudonym secret at {path} is damaged; delete it and plkit will make a new one."
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return local_secret(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    os.chmod(path, 0o600)
    return value


def normalise_key(value: object) -> str:
    """Normalise an id or name: strip a leading ``#``, fold case, accents and whitespace."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.startswith("#"):
        text = text[1:]
    return " ".join(text.casefold().split())


def pseudonym(key: object, secret: bytes | str, length: int = 10) -> str:
    """The pseudonym of one student key: ``length`` base32 characters of HMAC-SHA256."""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    digest = hmac.new(secret, normalise_key(key).encode("utf-8"), hashlib.sha256).digest()
    # base32 encodes each 5 bytes on their own, so encoding only the bytes needed is the same
    digest = digest[: min(len(digest), -(-length // 8) * 5)]
    return base64.b32encode(digest).decode("ascii").lower()[:length]

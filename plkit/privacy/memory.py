"""The guard without the class in memory: keyed hashes of the identifiers of every class loaded
on this computer (:func:`remember_identifiers`), and the search of texts and answers for them
(:class:`Identifiers`). The rule is in :mod:`plkit.privacy`.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from plkit.privacy.roster import PrivacyError
from plkit.privacy.words import COMMON, name_forms, values
from plkit.privacy.words import words as words_of
from plkit.store import file_lock

__all__ = ["MAX_REMEMBERED", "Identifiers", "identifiers_file", "remember_identifiers"]

#: At most this many hashes are kept (about 300 classes of 30); the oldest go first.
MAX_REMEMBERED = 50_000
_HEADER = "plkit-identifiers 1"
_LINE = re.compile(r"^([ICNP])(\d{1,2}) ([0-9a-f]{32})$")
_MAX_WORDS = 12  # the longest identifier remembered, in words (a long email address)
_NAME, _CAPITALISED, _PART, _CONTACT = "N", "C", "P", "I"  # how a remembered hash may match


def identifiers_file(secret_file: Path) -> Path:
    """Where the hashes of the classes loaded on this computer are kept: beside the secret."""
    return secret_file.with_name(secret_file.name + ".identifiers")


def _weak(word: str) -> bool:
    return len(word) < 3 or word in COMMON


def _contacts(entry: Mapping[str, Any]) -> Iterator[list[str]]:
    """The words of each ID, login and email worth remembering (rule 5)."""
    for value in (values(entry, "emails") + values(entry, "email") + values(entry, "logins")
                  + values(entry, "login") + values(entry, "ids") + values(entry, "id")):
        words = [w for w, _ in words_of(value)]
        joined = "".join(words)
        if len(joined) < 3 or (joined.isdigit() and len(joined) < 5) or (len(words) == 1 and words[0] in COMMON):
            continue
        yield words


def _tagged(entry: Mapping[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """``(how it may match, words)`` for each identifier of one student."""
    for words in _contacts(entry):
        yield _CONTACT, words
    fulls, parts = name_forms(entry)
    for full in fulls:
        words = full.split()
        if len(words) > 1:
            yield (_CAPITALISED if all(_weak(w) for w in words) else _NAME), words
    for part in parts:
        if not _weak(part):
            yield _PART, [part]


class Identifiers:
    """Keyed hashes of students' identifiers, and the search of texts and answers for them."""

    def __init__(self, secret: bytes) -> None:
        self.secret = bytes(secret)
        self.hashes: dict[str, str] = {}  # hash -> how it may match (letters of _NAME ...)
        self.lengths: set[int] = set()  # how many words the remembered identifiers have

    def __bool__(self) -> bool:
        return bool(self.hashes)

    def _hash(self, words: Iterable[str]) -> str:
        return hmac.digest(self.secret, " ".join(words).encode("utf-8"), "sha256").hex()[:32]

    def _add(self, tag: str, n: int, digest: str) -> bool:
        known = self.hashes.get(digest, "")
        self.lengths.add(n)
        self.hashes[digest] = known + tag if tag not in known else known
        return tag not in known

    def lines(self, roster: Any) -> list[str]:
        """The file lines of ``roster``'s identifiers (a Gradebook or its roster mapping)."""
        roster = getattr(roster, "roster", roster)
        return list(dict.fromkeys(f"{tag}{len(words)} {self._hash(words)}" for entry in roster.values()
                                  for tag, words in _tagged(entry) if len(words) <= _MAX_WORDS))

    def add_roster(self, roster: Any) -> Identifiers:
        """Also search for ``roster``'s students (in memory only); returns self."""
        for line in self.lines(roster):
            self._add_line(line)
        return self

    def _add_line(self, line: str) -> bool:
        m = _LINE.match(line)
        return m is not None and self._add(m.group(1), int(m.group(2)), m.group(3))

    @classmethod
    def load(cls, secret_file: Path, secret: bytes) -> Identifiers:
        """The identifiers remembered beside ``secret_file`` (none if there is no file, or if it
        was made with another secret)."""
        found = cls(secret)
        for line in _read_lines(identifiers_file(secret_file), found._header())[0]:
            found._add_line(line)
        return found

    def _header(self) -> str:
        return f"{_HEADER} {self._hash(['plkit', 'identifiers', 'file'])[:16]}"

    def kinds(self, text: str, parts: bool) -> set[str]:
        """What ``text`` holds: ``"name"`` and/or ``"id"`` (an ID, login or email). ``parts``:
        also lone name parts (in answers: rule 4 of :mod:`plkit.privacy`)."""
        words = words_of(text)
        found: set[str] = set()
        for n in sorted(self.lengths):
            for i in range(len(words) - n + 1):
                gram = words[i:i + n]
                tags = self.hashes.get(self._hash(w for w, _ in gram), "")
                capitalised = all(cap for _, cap in gram)
                if _CONTACT in tags:
                    found.add("id")
                if _NAME in tags or (_CAPITALISED in tags and capitalised) or (parts and _PART in tags and capitalised):
                    found.add("name")
        return found

    def find_in_answers(self, answers: Mapping[str, Any]) -> dict[str, set[str]]:
        """``{where: kinds}`` for the answers that identify a student: ``where`` is the answer's
        key, with the field inside a structured answer (a challenge's rubric) in brackets."""
        found: dict[str, set[str]] = {}
        for key, value in answers.items():
            for path, text in _leaves(value):
                kinds = self.kinds(text, parts=True)
                if kinds:
                    where = f"{key} ({', '.join(path)})" if path else str(key)
                    found.setdefault(where, set()).update(kinds)
        return found


def _leaves(value: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every text, number and object key inside an answer, with the fields leading to it."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), value)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, Mapping):
            for k, item in v.items():
                stack.append(((*path, str(k)), item))
                yield path, str(k)
        elif isinstance(v, (list, tuple)):
            stack.extend((path, item) for item in v)
        elif isinstance(v, (str, int, float)) and not isinstance(v, bool):
            yield path, str(v)


def remember_identifiers(roster: Any, secret_file: Path, secret: bytes) -> int:
    """Add the hashes of ``roster``'s identifiers to the file beside ``secret_file`` (made 0600 if
    new); returns how many were new. Call it whenever a class is loaded."""
    path = identifiers_file(secret_file)
    try:
        return _remember(roster, path, Identifiers(secret))
    except OSError as exc:
        raise PrivacyError(
            f"plkit could not keep the record it needs to stop students' names leaving this computer "
            f"({path.parent}: {exc.strerror or exc}); make that folder writable by you, then load the "
            "class again.") from None


def _remember(roster: Any, path: Path, held: Identifiers) -> int:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with file_lock(path.with_name(path.name + ".lock")):
        lines, ours = _read_lines(path, held._header())
        for line in lines:
            held._add_line(line)
        new = [line for line in held.lines(roster) if held._add_line(line)]
        if ours and len(lines) + len(new) <= MAX_REMEMBERED:
            if new:
                with open(path, "a", encoding="ascii") as fh:
                    fh.write("".join(line + "\n" for line in new))
        else:  # a new file, one made with another secret, or one over the bound: rewrite it whole
            _write_lines(path, [held._header(), *(lines + new)[-MAX_REMEMBERED:]])
        os.chmod(path, 0o600)
    return len(new)


def _read_lines(path: Path, header: str) -> tuple[list[str], bool]:
    """The good hash lines of the file, oldest first, and whether it was made with this secret."""
    try:
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    except FileNotFoundError:
        return [], False
    except OSError as exc:
        raise PrivacyError(
            f"plkit could not read its record of the students of classes loaded here ({path}: "
            f"{exc.strerror or exc}), so it cannot check what you share; make that file readable "
            "by you, or ask for help.") from None
    if lines[:1] != [header]:
        return [], False
    return [line for line in lines[1:] if _LINE.match(line)], True


def _write_lines(path: Path, lines: list[str]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write("".join(line + "\n" for line in lines))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

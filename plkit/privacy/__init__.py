"""The privacy guard: find any student's name, ID, login or email in what is about to leave.

Two guards, one vocabulary:

* :func:`find_leaks` and :func:`guard` (:mod:`plkit.privacy.roster`) check plkit's own exports
  and the teacher's saved choices against the class in memory (a Gradebook or its roster). They
  ignore case, accents and punctuation, know "Last, First" and "First Last", and also flag lone
  name parts in any case: what they check is written by plkit, not prose.
* :class:`Identifiers` (:mod:`plkit.privacy.memory`) remembers every class loaded on this
  computer, so that every submission (:mod:`plkit.privacy.submission`) is checked even after the
  class has left memory (a page reload, another workbook): when a class is loaded,
  :func:`remember_identifiers` adds keyed hashes (HMAC-SHA256 with this computer's
  pseudonym secret) of each student's full names, name parts, IDs, logins and emails to a file
  beside that secret. The file holds hashes only (mode 0600), only grows, and keeps the newest
  :data:`MAX_REMEMBERED`; hashes made with another secret are dropped. Nothing in it can be read
  back without the secret, and the secret never leaves the computer.

The remembered guard reads free text (reflections, plans), so its rule keeps false alarms low:

1. Text is compared word by word (letters and digits), ignoring accents and punctuation.
2. A full name (first and last in either order, "Last, First", the first given name with the
   last), an ID, a login or an email is found anywhere, in any case.
3. A full name made only of ordinary English words or parts under 3 letters ("Will May",
   "Al Li") is found only when each word is written with a capital.
4. A lone name part is found only in answers (not in the workbook notebook, which quotes authors),
   only written with a capital, as names are, and never when it is under 3 letters or an ordinary
   English word (:data:`~plkit.privacy.words.COMMON`: "Will", "May", "Grace", "Hunter" ...).
   Such a student is still found by their full name, ID or email; a lone "will" or "may" in a
   sentence is not taken for a student.
5. IDs of digits only need 5 digits or more (shorter numbers are years, counts and scores); other
   IDs, logins and emails need 3 characters, and a login that is an ordinary word is not used.

Findings never repeat the identifier: they say where (which answer, which file) and what kind.

>>> roster = {"k1": {"name": "Pérez, Ana", "ids": ["#20931"], "emails": ["ana.p@school.org"]}}
>>> [f.kind for f in find_leaks(["Report for ana PEREZ", "id 20931", "all clear"], roster)]
['name', 'id']
>>> known = Identifiers(b"a secret for the docs").add_roster(roster)
>>> known.kinds("Pérez helped", parts=True), known.kinds("pérez helped", parts=True)
({'name'}, set())
"""

from __future__ import annotations

from plkit.privacy.memory import MAX_REMEMBERED, Identifiers, identifiers_file, remember_identifiers
from plkit.privacy.roster import Leak, PrivacyError, find_leaks, guard
from plkit.privacy.submission import NOT_SUBMITTED, Finding, check_submission, refusal
from plkit.privacy.words import normalise_text

__all__ = ["MIN_RESPONSES", "MAX_REMEMBERED", "NOT_SUBMITTED", "Finding", "Identifiers", "Leak", "PrivacyError",
           "check_submission", "find_leaks", "guard", "identifiers_file", "normalise_text", "refusal",
           "remember_identifiers"]

#: Participants' own answers are shown to a facilitator only aggregated, and never for fewer
#: responses than this.
MIN_RESPONSES = 3

"""The workbooks plkit ships, in the order a participant meets them: ids, titles, where their
notebooks live, and the package under ``plkit/workbooks/`` that holds each one's code (a new
workbook is a new package and its entry here)."""

from __future__ import annotations

from dataclasses import dataclass

from plkit.errors import WorkbookNotFound

__all__ = ["Workbook", "WORKBOOKS", "get"]


@dataclass(frozen=True)
class Workbook:
    id: str
    title: str
    folder: str
    notebook: str
    description: str
    minutes: int
    #: The package under ``plkit/workbooks/`` that holds this workbook's code.
    package: str
    #: When a participant takes it: ``day`` (the workshop's workbooks), ``closing`` (at the end
    #: of their pathway) or ``follow-up`` (back at school, weeks later, once released).
    stage: str = "day"
    #: The module of ``package`` with this workbook's cells (two workbooks may share a package,
    #: each with its own page module).
    page: str = "page"

    def module(self, role: str) -> str:
        """The module of this workbook for ``role`` (``keys``, ``completion``, ``page`` ...).

        >>> get("start-here").module("completion")
        'plkit.workbooks.start_here.completion'
        """
        return f"plkit.workbooks.{self.package}.{self.page if role == 'page' else role}"

    @property
    def path(self) -> str:
        """Path of the notebook relative to a workspace, e.g. ``defining/defining.ipynb``."""
        return f"{self.folder}/{self.notebook}"


WORKBOOKS: tuple[Workbook, ...] = (
    Workbook(
        id="start-here",
        package="start_here",
        title="Start here",
        folder="start-here",
        notebook="start-here.ipynb",
        description=(
            "Answer a few quick questions about your role, your experience and what you hope "
            "for, get a suggested order through the workbooks with where to begin in each, "
            "and keep it or choose your own."
        ),
        minutes=20,
    ),
    Workbook(
        id="defining",
        package="defining",
        title="Defining personalized learning",
        folder="defining",
        notebook="defining-personalized-learning.ipynb",
        description=(
            "Compare definitions of PL, sort what it is from what it isn't, write your school's "
            "own definition with live feedback, and take away a one-page definition card."
        ),
        minutes=45,
    ),
    Workbook(
        id="nightmares",
        package="nightmares",
        title="Fifteen nightmares",
        folder="nightmares",
        notebook="fifteen-nightmares.ipynb",
        description=(
            "Rate how present the fifteen classic PL implementation nightmares are in your school "
            "and how much they would hurt, see your priorities, and plan your first steps for "
            "the top three."
        ),
        minutes=50,
    ),
    Workbook(
        id="challenges",
        package="challenges",
        title="Designing guardrailed challenges",
        folder="challenges",
        notebook="designing-guardrailed-challenges.ipynb",
        description=(
            "Design a challenge for next month's unit: desired outcomes, who decides what, "
            "guardrails, checkpoints and success criteria, with live guardrail checks and a "
            "challenge card for you and one for your students."
        ),
        minutes=60,
    ),
    Workbook(
        id="sharing",
        package="sharing",
        title="Sharing the why",
        folder="sharing",
        notebook="sharing-the-why.ipynb",
        description=(
            "Explain personalized learning to families or colleagues: draft a short message with "
            "live feedback on plain language, the why and an invitation, answer the \"yes, buts\" "
            "you hear, and take away a one-page communication roadmap."
        ),
        minutes=40,
    ),
    Workbook(
        id="classdata",
        package="classdata",
        title="Analysing your class data",
        folder="classdata",
        notebook="analysing-your-class-data.ipynb",
        description=(
            "Load a gradebook export (or the demo class) on your own computer, choose how scores "
            "roll up into mastery, and see who is ready to move on, flexible groups, learner "
            "profiles, growth and gaps; only your choices are saved, never a student's name."
        ),
        minutes=45,
    ),
    Workbook(
        id="looking-back",
        package="looking_back",
        title="Looking back: what changed for you",
        folder="looking-back",
        notebook="looking-back.ipynb",
        description=(
            "At the end of your pathway: answer the morning's knowledge check again, now with "
            "feedback on each question, see what changed for you since Start here, say what you "
            "will take back to school first, and take away a one-page summary."
        ),
        minutes=15,
        stage="closing",
    ),
    Workbook(
        id="checkin-2w",
        package="checkin",
        page="two_weeks",
        stage="follow-up",
        title="Check-in: two weeks on",
        folder="checkin-2w",
        notebook="checkin-two-weeks.ipynb",
        description=(
            "About two weeks after the day: look again at your action plan, say how your first "
            "steps went and what got in the way, what happened and what evidence you have, what "
            "support you had, and plan your next steps."
        ),
        minutes=20,
    ),
    Workbook(
        id="checkin-6w",
        package="checkin",
        page="six_weeks",
        stage="follow-up",
        title="Check-in: six weeks on",
        folder="checkin-6w",
        notebook="checkin-six-weeks.ipynb",
        description=(
            "About six weeks after the day: the same check-in again, starting from the steps you "
            "planned at two weeks, with your challenges and, if you kept class snapshots, how your "
            "students' learning changed."
        ),
        minutes=20,
    ),
)


def get(workbook_id: str) -> Workbook:
    for wb in WORKBOOKS:
        if wb.id == workbook_id:
            return wb
    known = ", ".join(w.id for w in WORKBOOKS)
    raise WorkbookNotFound(f"There is no workbook called '{workbook_id}'; choose one of: {known}.")

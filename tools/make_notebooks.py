"""Regenerate the shipped notebooks from the outlines below (clean: no outputs).

Run ``python tools/make_notebooks.py`` after editing an outline. Notebooks stay thin: framing
in markdown, then one plkit call per code cell, each tagged with its stable activity id.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

DEFINING = [
    ("md", """# Defining personalized learning

Schools use the words *personalized learning* (PL) to mean very different things. In this
workbook you will look at several published definitions side by side, sort statements about what
PL is and is not, write a definition in your school's own words, name *why* PL matters to you, and
think about the misunderstandings you have run into.

It takes about 45 minutes. You can stop at any time: every answer is saved as you give it."""),
    ("code", "defining.start", "import plkit\nplkit.define.start()"),
    ("md", """## 1. Compare the definitions

Four ways of describing PL appear below. Read them, notice what each one stresses and what it
leaves out, and then say which is closest to the way people at your school talk about PL today."""),
    ("code", "defining.compare", "plkit.define.compare()"),
    ("md", """## 2. What PL is, and what it isn't

Each card describes a classroom or school moment. Decide whether it shows what PL **is** or what
it **isn't**. Use the Tab key to move between cards and the arrow keys to choose. Feedback
appears as soon as you choose, and you can change your mind."""),
    ("code", "defining.card-sort", "plkit.define.card_sort()"),
    ("md", """## 3. Write your school's definition

Write the definition you would want your colleagues, students and families to recognise. The
checklist underneath shows which elements of the three-part definition your words touch. Use it
to think, not to collect ticks."""),
    ("code", "defining.own-definition", "plkit.define.write_definition()"),
    ("md", """## 4. Your why

PL is a means to an end. What end do you have in mind for your students?"""),
    ("code", "defining.why-word", "plkit.define.why_word()"),
    ("md", """## 5. Misunderstandings you have met

Misunderstandings about PL shape what families, colleagues and students expect. Which ones have
you met, and what did they change?"""),
    ("code", "defining.misunderstandings", "plkit.define.misunderstandings()"),
    ("md", "## Your progress"),
    ("code", "defining.progress", "plkit.define.progress()"),
    ("md", """## Take your definition card with you

Download a one-page card with your definition, your why and your reflections. The web page
version prints on one page; the Markdown version pastes into most documents."""),
    ("code", "defining.download", "plkit.define.download()"),
    ("md", """## Submit

When your facilitator runs this as a workshop, submit here. You can submit again later: each
submission replaces the one before."""),
    ("code", "defining.submit", "plkit.define.submit()"),
]

NIGHTMARES = [
    ("md", """# Fifteen nightmares

Well-meant plans to grow personalized learning often stall for the same reasons. This workbook
walks through fifteen of those "nightmares". For each one you will say how present it is in your
school or division today and how much it would hurt, then look at your priorities, plan first
steps for your top three, and note the questions you still have.

It takes about 50 minutes, and every answer is saved as you give it. The nightmares are
paraphrased from Zmuda and Thompson's *How to Leverage Personalized Learning*."""),
    ("code", "nightmares.start", "import plkit\nplkit.nightmares.start()"),
    ("md", """## 1. Rate the nightmares

Choose whether to see them one at a time or all in a list. For each, rate how present it is now
and how much it would hurt. "Not sure" is an honest answer. Use Tab to move between questions
and the arrow keys to choose."""),
    ("code", "nightmares.rate", "plkit.nightmares.rate()"),
    ("md", """## 2. Your priorities

The chart places each nightmare by how present it is (across) and how much it would hurt (up);
the table under it holds the same information. Your top three are suggested from your ratings:
change them if your experience says otherwise."""),
    ("code", "nightmares.priorities", "plkit.nightmares.priorities()"),
    ("md", """## 3. Plan your first steps

Start big, then get practical. For each of your top three, write a "what if" question, the
first step, who is involved, by when, and how you will know it worked: the feedback you will
gather so that the plan keeps learning too."""),
    ("code", "nightmares.action-plans", "plkit.nightmares.action_plans()"),
    ("md", """## 4. Questions and "yes, buts"

Worries said out loud can be worked on together."""),
    ("code", "nightmares.yes-buts", "plkit.nightmares.yes_buts()"),
    ("md", "## 5. Reflect"),
    ("code", "nightmares.reflective", "plkit.nightmares.reflect()"),
    ("md", "## Your progress"),
    ("code", "nightmares.progress", "plkit.nightmares.progress()"),
    ("md", """## Take your action plan with you

A one-page plan with your top three, your first steps and all your ratings."""),
    ("code", "nightmares.download", "plkit.nightmares.download()"),
    ("md", """## Submit

When your facilitator runs this as a workshop, submit here. You can submit again later: each
submission replaces the one before."""),
    ("code", "nightmares.submit", "plkit.nightmares.submit()"),
]

CHALLENGES = [
    ("md", """# Designing guardrailed challenges

In personalized learning, students take on challenges that are **meaningful** (it matters to
them), **authentic** (they can see work like it outside school, and its impact) and **rigorous**
(it stretches their skills, knowledge and reflection), aimed at desired outcomes. Choice happens
inside **guardrails** that keep the work aligned with the standards: it is never "do anything you
like under a topic".

In this workbook you design a real challenge for an upcoming unit. plkit checks your design as
you go and explains what to do about anything that drifts. You can keep several challenges,
copy one to start another, and download a card for yourself and one written for your
students. It takes about an hour; everything saves as you go."""),
    ("code", "challenges.start", "import plkit\nplkit.challenges.start()"),
    ("md", """## Before you design

Here is what you can open up to students, and how responsibility moves from you to them."""),
    ("code", "challenges.background", "plkit.challenges.background()"),
    ("md", """## Design your challenge

Start with the outcomes, then decide who decides what. The guardrail checks at the end of the
form update as you work."""),
    ("code", "challenges.designer", "plkit.challenges.designer()"),
    ("md", "## Your progress"),
    ("code", "challenges.progress", "plkit.challenges.progress()"),
    ("md", """## Submit

When your facilitator runs this as a workshop, submit here. You can submit again later: each
submission replaces the one before."""),
    ("code", "challenges.submit", "plkit.challenges.submit()"),
]

CLASSDATA = [
    ("md", """# Analysing your class data

Personalized learning runs on evidence: where each student is on each standard, and what comes
next for them. In this workbook you load your own gradebook export (or start with an invented
demo class), choose how scores roll up into mastery, and see who is ready to move on, flexible
groups, learner profiles, growth and gaps.

**Your students' privacy comes first.** The file is read on this computer, in this page's memory.
Only your choices (the method, the threshold, how columns and standards are mapped) and your
reflections are saved; no student's name, ID or score is. It takes about 45 minutes."""),
    ("code", "classdata.start", "import plkit\nplkit.classdata_workbook.start()"),
    ("md", """## 1. Load a class

Upload the CSV or Excel file your gradebook exports (Canvas, D2L Brightspace, or a spreadsheet
you keep yourself), or use the demo class to explore first."""),
    ("code", "classdata.load", "plkit.classdata_workbook.load()"),
    ("md", """## 2. Check what plkit found

Confirm the layout plkit detected, read its notes on the file, or map the columns yourself."""),
    ("code", "classdata.columns", "plkit.classdata_workbook.columns()"),
    ("md", """## 3. Link assessments to standards

Mastery is about standards, not assignments. Say which standard each assessment gives evidence on."""),
    ("code", "classdata.standards", "plkit.classdata_workbook.standards()"),
    ("md", """## 4. Choose how scores roll up

Each method answers "where is this student now?" differently. Read how each works, compare them
side by side on your class, and choose the one that fits how your students learn."""),
    ("code", "classdata.method", "plkit.classdata_workbook.method()"),
    ("md", """## 5. Mastery, and who is ready to move on

Competency-based progression: students move on when they show mastery, not when the calendar
says so. The chart's information is also in the table under it."""),
    ("code", "classdata.mastery", "plkit.classdata_workbook.mastery()"),
    ("md", """## 6. Flexible groups

Readiness groups bring together students at a similar place on one standard; mixed groups spread
readiness so students learn from each other. Groups are re-formed every cycle."""),
    ("code", "classdata.groups", "plkit.classdata_workbook.groups()"),
    ("md", """## 7. Learner profiles

A profile describes where a learner is on each standard, never what they "are". Add interests
and goals as you talk with the student; these notes stay on this page."""),
    ("code", "classdata.profiles", "plkit.classdata_workbook.profiles()"),
    ("md", """## 8. Growth and gaps

Growth per standard, and gaps between sections. Groups smaller than the minimum size are
suppressed so that no student can be singled out."""),
    ("code", "classdata.growth", "plkit.classdata_workbook.growth()"),
    ("md", """## 9. Share a summary

The shareable summary holds only aggregates, suppressed and checked for student identifiers:
safe for a data team meeting."""),
    ("code", "classdata.share", "plkit.classdata_workbook.share()"),
    ("md", "## 10. Reflect"),
    ("code", "classdata.reflect", "plkit.classdata_workbook.reflect()"),
    ("md", "## Your progress"),
    ("code", "classdata.progress", "plkit.classdata_workbook.progress()"),
    ("md", """## Submit

When your facilitator runs this as a workshop, submit here. Only your choices and reflections
are submitted, after a check that no student name or ID is in the folder."""),
    ("code", "classdata.submit", "plkit.classdata_workbook.submit()"),
]

START_HERE = [
    ("md", """# Start here

People come to personalized learning (PL) from different places: some are hearing the term for
the first time, some already run classrooms full of student choice, some lead a whole district.
A single route through the same material for everyone would be exactly the one-size-fits-all PD
that PL argues against. So this short workbook asks a few questions, suggests an order through
the workbooks with a place to begin in each, and then leaves the decision to you.

It takes about 10 minutes. Your answers are saved as you give them."""),
    ("code", "start.start", "import plkit\nplkit.start_here.start()"),
    ("md", """## 1. About you

There are no right answers. Use Tab to move between questions, the arrow keys to choose in a
group, and Space to tick a box."""),
    ("code", "start.questions", "plkit.start_here.questions()"),
    ("md", """## 2. A suggested pathway

The suggestion follows your answers as you change them. Each workbook has a short reason and the
section we suggest starting with; the links open the workbooks."""),
    ("code", "start.recommendation", "plkit.start_here.recommendation()"),
    ("md", """## 3. Your pathway

Keep the suggestion, or put the workbooks in the order that suits you, or leave some out. You
know your context best. Your choice is saved, and the home page lists the workbooks in your
order."""),
    ("code", "start.choose", "plkit.start_here.choose()"),
    ("md", "## Your progress"),
    ("code", "start.progress", "plkit.start_here.progress()"),
    ("md", """## Submit

When your facilitator runs this as a workshop, submit here so they can plan groups around the
pathways people choose (their dashboard shows pathways only as counts, never by name). You can
submit again later: each submission replaces the one before."""),
    ("code", "start.submit", "plkit.start_here.submit()"),
]

HOME = [
    ("md", """# Personalized learning workbooks

Welcome. Each workbook below is a short, interactive activity. Open one, work through it at
your own pace, and come back here to see your progress. Your answers are saved on this computer
as you go."""),
    ("code", "home.list", "import plkit\nplkit.home.show()"),
]

OVERVIEW = [
    ("md", """# Content overview (facilitators)

Everything the workbooks teach, as plkit loads it, with the source of each item. If your district
points plkit at its own content folder (`PLKIT_CONTENT_DIR`), its changes show here too: check
them before a workshop."""),
    ("code", "overview.content", "import plkit\nplkit.overview.show()"),
]


DASHBOARD = [
    ("md", """# Facilitator dashboard

Live from the workshop's gradebook and the collected submissions. Everything about answers is
aggregated and anonymous, and a view stays empty until at least three participants have
submitted. Press **Refresh** after `plkit workshop collect` and `autograde`."""),
    ("code", "dashboard.start", "import plkit\nplkit.dashboard.start()"),
    ("md", "## Who has completed what"),
    ("code", "dashboard.completion", "plkit.dashboard.completion()"),
    ("md", "## Why the group chooses personalized learning"),
    ("code", "dashboard.why", "plkit.dashboard.why()"),
    ("md", "## What the group's definitions share"),
    ("code", "dashboard.definitions", "plkit.dashboard.definitions()"),
    ("md", "## The nightmares, as the group sees them"),
    ("code", "dashboard.nightmares", "plkit.dashboard.nightmares()"),
    ("md", "## The challenges teachers are designing"),
    ("code", "dashboard.challenges", "plkit.dashboard.challenges()"),
    ("md", """## Breakout groups

PD that models PL lets people work with others who share a concern, or mix stages on
purpose. Pick how, adjust the size, and download the list."""),
    ("code", "dashboard.breakouts", "plkit.dashboard.breakouts()"),
]


def build(outline: list[tuple[str, ...]]) -> nbformat.NotebookNode:
    cells = []
    for item in outline:
        if item[0] == "md":
            cells.append(new_markdown_cell(item[1]))
        else:
            _, tag, source = item
            cell = new_code_cell(source)
            cell.metadata["tags"] = [tag]
            cells.append(cell)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):  # stable cell ids keep diffs quiet
        cell["id"] = f"cell-{i:02d}"
    return nb


def main() -> None:
    targets = {
        ROOT / "workbooks" / "defining" / "defining-personalized-learning.ipynb": DEFINING,
        ROOT / "workbooks" / "nightmares" / "fifteen-nightmares.ipynb": NIGHTMARES,
        ROOT / "workbooks" / "challenges" / "designing-guardrailed-challenges.ipynb": CHALLENGES,
        ROOT / "workbooks" / "classdata" / "analysing-your-class-data.ipynb": CLASSDATA,
        ROOT / "workbooks" / "start-here" / "start-here.ipynb": START_HERE,
        ROOT / "workbooks" / "home.ipynb": HOME,
        ROOT / "facilitator" / "content-overview.ipynb": OVERVIEW,
        ROOT / "facilitator" / "dashboard.ipynb": DASHBOARD,
    }
    for path, outline in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(build(outline), path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

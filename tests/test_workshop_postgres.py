"""The core workshop workflow with the gradebook on a real PostgreSQL server that the test starts
(on 127.0.0.1, a free port, a throwaway data directory; see ``pg_support``): init with
``--db-url``, release, three participants submit, collect, autograde (in parallel, as plkit does
for a server database), status."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pg_support
import pytest
from test_workshop_integration import (
    COURSE,
    EXPECTED,
    ROSTER,
    WB,
    A,
    B,
    C,
    D,
    cells,
    expected_cells,
    participants_submit,
    run_main,
    run_plkit,
)

from plkit.workshop.config import load
from plkit.workshop.status import completion_matrix

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    try:
        server = pg_support.postgres_server()
        url = server.__enter__()
    except pg_support.Unavailable as exc:
        pg_support.unavailable(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


def test_workshop_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    assert "@127.0.0.1:" in pg_url
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    root = tmp_path / "course"
    init = run_plkit("workshop", "init", str(root), "--course-id", COURSE, "--roster", str(roster),
                     "--db-url", pg_url)
    assert init.returncode == 0, init.stderr
    assert "gradebook postgresql" in init.stdout
    assert not (root / "gradebook.db").exists()
    assert load(root).db_url == pg_url

    rc, out, err = run_main("workshop", "release", str(root), WB)
    assert rc == 0, err

    done = participants_submit(root, tmp_path)
    assert done.collect_rc == 0
    assert f"{WB}: 3 submission(s) collected." in done.collect_out
    assert done.autograde_rc == 0, done.autograde_err
    assert "3 submission(s) autograded." in done.autograde_out
    assert cells(done.matrix) == expected_cells(EXPECTED)

    # the record really is in PostgreSQL
    import psycopg  # deferred: optional (the postgres extra); the fixture skipped without it

    port = int(pg_url.rsplit(":", 1)[1].split("/")[0])
    with psycopg.connect(host="127.0.0.1", port=port, user=pg_support.USER,
                         dbname=pg_support.DATABASE) as conn:
        students = sorted(r[0] for r in conn.execute("SELECT id FROM student"))
        submitted = sorted(r[0] for r in conn.execute("SELECT student_id FROM submitted_assignment"))
    assert students == sorted([A, B, C, D])
    assert submitted == sorted([A, B, C])

    # status from the command line reads the same server
    out_csv = tmp_path / "status.csv"
    proc = run_plkit("workshop", "status", str(root), "--csv", str(out_csv))
    assert proc.returncode == 0, proc.stderr
    rows = [ln.split(",") for ln in out_csv.read_text().splitlines()]
    assert {r[0]: dict(zip(rows[0][1:], r[1:])) for r in rows[1:]} == expected_cells(EXPECTED)

    # re-running init against the same server changes nothing
    rc, _, err = run_main("workshop", "init", str(root), "--course-id", COURSE, "--roster",
                          str(roster), "--db-url", pg_url)
    assert rc == 0, err
    assert cells(completion_matrix(load(root))) == expected_cells(EXPECTED)

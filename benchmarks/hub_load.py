"""Load on one JupyterHub server: N participants open a workbook and answer at once.

Starts the shipped ``facilitator/deploy/jupyterhub_config.py`` on 127.0.0.1 with N real system
users (made with ``useradd -m`` and removed with ``userdel -r`` at the end, so it must run as
root), a facilitator who releases the "defining" workbook, and one headless Chromium in which
every participant has a browser context of their own. Then:

1. single user: participant 1 logs in alone and opens the workbook three times (fresh page each
   time); the median is the single-user time to interactive, measured in this same run;
2. the other participants log in, one every 2 seconds (the hub spawns their servers), then
3. all N open the workbook at the same moment and type their "why" word.

Prints p50/p95 of: time to interactive (navigation -> the why-word box is on screen), time to a
saved answer (typing -> the answer is in the participant's response file on disk), and the
resident memory (RSS, from /proc) of every participant kernel and single-user server. Goals:
p95 time to interactive under 3x the single-user figure, and under 150 MB per kernel.

    sudo .venv/bin/python benchmarks/hub_load.py            # N = 20
    sudo .venv/bin/python benchmarks/hub_load.py -n 8 --deadline 300

Bounded: N is at most 40, everything runs on loopback, and the whole run stops itself (servers,
hub, proxy, users) after ``--deadline`` seconds at most. Note that the browser driving all N
participants shares this machine's CPU with the hub, which real participants' browsers do not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pwd
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_FLAGS, responses  # noqa: E402
from hub_support import (PASSWORD, Hub, Users, ensure_chp, make_base, make_exchange,  # noqa: E402
                         python_usable_by_others, remove_base, run_python_as)

from plkit.completion import KEYS  # noqa: E402

MAX_N = 40
COURSE = "pl-load"
WORKBOOK = "defining/defining-personalized-learning.ipynb"
BOX = "input[placeholder='e.g. equity']"
#: Seconds between two participants' logins: people arrive over a minute or so, not in one
#: instant; the workbook is then opened by everyone at the same moment.
ARRIVAL = 2.0


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def processes(uids: set[int]) -> dict[str, list[tuple[int, float]]]:
    """{"kernel": [(pid, MB)], "server": [(pid, MB)]} for processes of the given users."""
    out: dict[str, list[tuple[int, float]]] = {"kernel": [], "server": []}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if d.stat().st_uid not in uids:
                continue
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            kind = "kernel" if "ipykernel" in cmd else "server" if "jupyterhub.singleuser" in cmd \
                or "plkit.hub" in cmd else None
            if kind:
                out[kind].append((int(d.name), rss_mb(int(d.name))))
        except OSError:
            continue
    return out


async def login(ctx, url: str, user: str, delay: float = 0.0) -> float:  # noqa: ANN001
    await asyncio.sleep(delay)
    page = await ctx.new_page()
    t0 = time.perf_counter()
    await page.goto(f"{url}/hub/login")
    await page.fill("#username_input", user)
    await page.fill("#password_input", PASSWORD)
    await page.click("#login_submit")
    await page.wait_for_url(f"{url}/user/{user}/voila/render/**", timeout=240_000)
    await page.locator("a", has_text="Defining personalized learning").first.wait_for(timeout=240_000)
    elapsed = time.perf_counter() - t0
    await page.close()
    return elapsed


async def open_and_answer(ctx, url: str, user: str, word: str) -> tuple[float, float]:  # noqa: ANN001
    """(time to interactive, time from typing to the saved answer) for one participant."""
    page = await ctx.new_page()
    t0 = time.perf_counter()
    await page.goto(f"{url}/user/{user}/voila/render/{WORKBOOK}", wait_until="commit",
                    timeout=240_000)
    box = page.locator(BOX)
    await box.wait_for(state="visible", timeout=240_000)
    tti = time.perf_counter() - t0
    t1 = time.perf_counter()
    await box.fill(word)
    ws = Path(f"/home/{user}/plkit-workspace")
    while responses(ws, "defining").get(KEYS["why_word"]) != word:
        if time.perf_counter() - t1 > 120:
            raise TimeoutError(f"{user}'s answer was not saved within 120 s")
        await asyncio.sleep(0.05)
    saved = time.perf_counter() - t1
    await page.close()
    return tti, saved


async def drive(hub: Hub, users: list[str]) -> dict[str, object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        ctxs = [await browser.new_context(viewport={"width": 1200, "height": 900}) for _ in users]
        for c in ctxs:
            c.set_default_timeout(240_000)
        # 1. one participant alone
        first = users[0]
        await login(ctxs[0], hub.url, first)
        single = [await open_and_answer(ctxs[0], hub.url, first, f"solo{i}") for i in range(3)]
        solo_mem = processes({pwd.getpwnam(first).pw_uid})
        # 2. everyone else logs in together
        t0 = time.perf_counter()
        logins = await asyncio.gather(*(login(c, hub.url, u, ARRIVAL * i)
                                         for i, (c, u) in enumerate(zip(ctxs[1:], users[1:]))))
        all_in = time.perf_counter() - t0
        # 3. all open the workbook and answer at once
        t0 = time.perf_counter()
        crowd = await asyncio.gather(*(open_and_answer(c, hub.url, u, f"word{i}")
                                       for i, (c, u) in enumerate(zip(ctxs, users))))
        wall = time.perf_counter() - t0
        mem = processes({pwd.getpwnam(u).pw_uid for u in users})
        await browser.close()
    return {"single": single, "solo_mem": solo_mem, "logins": list(logins), "all_in": all_in,
            "crowd": crowd, "wall": wall, "mem": mem}


def report(n: int, r: dict[str, object]) -> bool:
    single = r["single"]
    crowd = r["crowd"]
    s_tti = statistics.median(t for t, _ in single)
    s_save = statistics.median(s for _, s in single)
    tti = [t for t, _ in crowd]
    save = [s for _, s in crowd]
    kernels = [mb for _, mb in r["mem"]["kernel"]]
    servers = [mb for _, mb in r["mem"]["server"]]
    solo_k = [mb for _, mb in r["solo_mem"]["kernel"]]
    print(f"\nplkit on JupyterHub, {n} participants, {os.cpu_count()} cores, loopback")
    print(f"single user (median of 3): time to interactive {s_tti:.2f} s, "
          f"answer saved {s_save:.2f} s, kernel RSS {statistics.median(solo_k):.0f} MB")
    logins = r["logins"]
    if logins:
        print(f"{len(logins)} log in, one every {ARRIVAL:.0f} s (hub spawns their servers): p50 {pct(logins, 50):.1f} s,"
              f" p95 {pct(logins, 95):.1f} s, all in after {r['all_in']:.1f} s")
    print(f"{n} open the workbook at once: time to interactive p50 {pct(tti, 50):.2f} s, "
          f"p95 {pct(tti, 95):.2f} s, max {max(tti):.2f} s ({pct(tti, 95) / s_tti:.1f}x single)")
    print(f"answer saved after typing: p50 {pct(save, 50):.2f} s, p95 {pct(save, 95):.2f} s")
    print(f"memory per kernel (RSS, {len(kernels)} kernels: home page + workbook views): "
          f"p50 {pct(kernels, 50):.0f} MB, p95 {pct(kernels, 95):.0f} MB, max {max(kernels):.0f} MB")
    print(f"memory per single-user server (RSS, {len(servers)}): p50 {pct(servers, 50):.0f} MB, "
          f"max {max(servers):.0f} MB; total for {n} participants "
          f"{(sum(kernels) + sum(servers)) / 1024:.2f} GiB")
    ok_tti = pct(tti, 95) < 3 * s_tti
    ok_mem = max(kernels) < 150
    print(f"goal p95 TTI < 3x single ({3 * s_tti:.2f} s): {'met' if ok_tti else 'NOT met'}; "
          f"goal < 150 MB per kernel: {'met' if ok_mem else 'NOT met'}")
    return ok_tti and ok_mem


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=20, help=f"participants (1 to {MAX_N}; default 20)")
    ap.add_argument("--deadline", type=float, default=600, help="seconds before the run gives up")
    args = ap.parse_args(argv)
    n = max(1, min(MAX_N, args.n))
    if os.geteuid() != 0:
        print("hub_load: run as root: it creates and removes real system users.", file=sys.stderr)
        return 2
    why = python_usable_by_others()
    if why or ensure_chp() is None:
        print(f"hub_load: {why or 'configurable-http-proxy could not be installed from npm'}",
              file=sys.stderr)
        return 2
    base, accounts, hub = make_base(), Users(), None
    try:
        fac = accounts.add("lf")
        users = [accounts.add(f"lp{i:02d}x") for i in range(n)]
        exchange = make_exchange(base)
        workshop = Path(f"/home/{fac}/workshop")
        run_python_as(fac, f"""
import json
from plkit.workshop.course import init, release
ws = init({str(workshop)!r}, {COURSE!r}, exchange={str(exchange)!r}, workbooks=["defining"])
print(json.dumps(release(ws, ["defining"])))
""")
        hub = Hub(base, fac, users, workshop, COURSE, exchange,
                  extra_env={"PLKIT_HUB_SPAWN_TIMEOUT": "240"})
        hub.wait_ready()
        result = asyncio.run(asyncio.wait_for(drive(hub, users), timeout=args.deadline))
        return 0 if report(n, result) else 1
    except asyncio.TimeoutError:
        print(f"hub_load: gave up after {args.deadline:.0f} s", file=sys.stderr)
        return 1
    finally:
        if hub is not None:
            hub.stop()
        accounts.remove()
        remove_base(base)


if __name__ == "__main__":
    raise SystemExit(main())

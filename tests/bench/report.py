"""Targets (issue #8) checked against the figures, and the table `make bench` prints."""

from __future__ import annotations

from .stats import ratio

PUBLIC_MAX_QUERIES = 6
PUBLIC_MAX_X_FLOOR = 4.0
AVAILABILITY_MAX_P50_MS = 50.0
AVAILABILITY_MAX_GROWTH = 1.5
BOOKING_MAX_P95_MS = 150.0
MAX_RSS_MB = 200.0


def _p50(row: dict, clients: int = 1) -> float | None:
    return row[f"c{clients}"]["p50_ms"]


def add_floor_ratios(web: dict) -> None:
    floor = web["floor"]
    for row in web.values():
        for clients in (1, 16):
            key = f"c{clients}"
            if key in row:
                row[key]["x_floor"] = ratio(row[key]["p50_ms"], floor[key]["p50_ms"])


def check_targets(results: dict) -> dict[str, dict]:
    """Each target: what it asks, the figure, and whether it is met."""
    web = results["web"]
    targets: dict[str, dict] = {}
    for key, row in web.items():
        if not row.get("public") or key in ("floor", "availability"):
            continue
        x_floor = row["c1"]["x_floor"]
        targets[f"{key}: at most {PUBLIC_MAX_QUERIES} queries"] = {
            "figure": row["queries"],
            "met": row["queries"] <= PUBLIC_MAX_QUERIES,
        }
        targets[f"{key}: p50 within {PUBLIC_MAX_X_FLOOR:g}x the floor"] = {
            "figure": x_floor,
            "met": x_floor is not None and x_floor <= PUBLIC_MAX_X_FLOOR,
        }
    availability = results["availability"]
    large = availability["at_100000"]["http"]["c1"]["p50_ms"]
    targets[
        f"availability: p50 under {AVAILABILITY_MAX_P50_MS:g} ms at 100,000 (HTTP, 1 client)"
    ] = {
        "figure": large,
        "met": large is not None and large < AVAILABILITY_MAX_P50_MS,
    }
    growth = availability["ratio_100000_to_1000"]["http"]
    targets[f"availability: 100,000 within {AVAILABILITY_MAX_GROWTH:g}x of 1,000 (HTTP)"] = {
        "figure": growth,
        "met": growth is not None and growth <= AVAILABILITY_MAX_GROWTH,
    }
    booking = web["booking"]["c16"]
    targets[f"booking POST: p95 under {BOOKING_MAX_P95_MS:g} ms at 16 clients"] = {
        "figure": booking["p95_ms"],
        "met": booking["p95_ms"] is not None
        and booking["p95_ms"] < BOOKING_MAX_P95_MS
        and booking["errors"] == 0,
    }
    web_rss = max(results["memory"]["gunicorn_workers_mb"] or [0])
    targets[f"gunicorn worker RSS under {MAX_RSS_MB:g} MB"] = {
        "figure": web_rss,
        "met": 0 < web_rss < MAX_RSS_MB,
    }
    outbox = results.get("outbox")
    if outbox:
        celery = [
            figure
            for worker in outbox["worker_rss"].values()
            for figure in (worker["main_mb"], worker["pool_mb"])
            if figure
        ]
        targets[f"Celery worker RSS under {MAX_RSS_MB:g} MB"] = {
            "figure": max(celery or [0]),
            "met": bool(celery) and max(celery) < MAX_RSS_MB,
        }
        targets["outbox: every message delivered exactly once"] = {
            "figure": f"{outbox['duplicates']} duplicates, {outbox['lost']} lost",
            "met": outbox["duplicates"] == 0
            and outbox["lost"] == 0
            and outbox["unexpected"] == 0
            and not outbox["unfinished"],
        }
    return targets


def _fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def table(results: dict) -> str:
    lines = []
    web = results["web"]
    head = (
        f"{'scenario':38} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} "
        f"{'x floor':>8} {'queries':>8} {'errors':>7}"
    )
    lines += [head, "-" * len(head)]

    def rows(label: str, row: dict) -> None:
        for clients in (1, 16):
            figures = row[f"c{clients}"]
            lines.append(
                f"{label if clients == 1 else '':38} {clients:>7} "
                f"{_fmt(figures['p50_ms'], '8.2f')} {_fmt(figures['p95_ms'], '8.2f')} "
                f"{_fmt(figures['requests_per_s'], '8.1f')} "
                f"{_fmt(figures.get('x_floor'), '8.2f')} "
                f"{row['queries'] if clients == 1 else '':>8} {figures['errors']:>7}"
            )

    for row in web.values():
        rows(
            f"{row['label']} ({results['seed']['appointments_small']:,} appts)"
            if row.get("appointment_bound")
            else row["label"],
            row,
        )
    for row in results["at_100000"].values():
        rows(f"{row['label']} ({results['seed']['appointments_large']:,} appts)", row)
    availability = results["availability"]
    lines.append("")
    lines.append(
        "availability, 14 days, in process (available_slots): "
        f"p50 {availability['at_1000']['in_process']['p50_ms']} ms at 1,000, "
        f"{availability['at_100000']['in_process']['p50_ms']} ms at 100,000 "
        f"({availability['at_100000']['in_process']['queries']} queries, "
        f"{availability['at_100000']['in_process']['slots']} slots)"
    )
    growth = availability["ratio_100000_to_1000"]
    lines.append(
        f"growth 1,000 -> 100,000 appointments: availability x{growth['http']} (HTTP), "
        f"x{growth['in_process']} (in process); dashboard x{results['dashboard_growth']} (HTTP)"
    )
    outbox = results.get("outbox")
    if outbox:
        lines.append(
            f"outbox sweep: {outbox['messages']:,} due messages ({outbox['sms_share']:.0%} SMS), "
            f"{outbox['workers']}: {outbox['seconds']} s, {outbox['messages_per_s']} messages/s; "
            f"delivered {outbox['delivered']:,}, duplicates {outbox['duplicates']}, "
            f"lost {outbox['lost']}; statuses {outbox['statuses']}"
            + (
                f"; STOPPED at the time limit with {outbox['unfinished']:,} not yet sent"
                if outbox["unfinished"]
                else ""
            )
        )
    memory = results["memory"]
    lines.append(
        f"memory (VmRSS after the run): gunicorn workers {memory['gunicorn_workers_mb']} MB"
        + (
            "; Celery workers "
            + ", ".join(
                f"{name} {figures['main_mb']} MB (main) / {figures['pool_mb']} MB (pool)"
                for name, figures in outbox["worker_rss"].items()
            )
            if outbox
            else ""
        )
    )
    lines.append("")
    lines.append("targets:")
    for name, target in results["targets"].items():
        lines.append(f"  {'met   ' if target['met'] else 'MISSED'}  {name}: {target['figure']}")
    lines.append("")
    lines.append("notes:")
    lines += [f"  - {note}" for note in results["notes"]]
    return "\n".join(lines)

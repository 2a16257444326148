"""The report bench/api_load.py prints at the end: one table row per database, workers and app, with
the goals and the patient list below."""

from typing import Any

from load_runs import CLOSED_GOAL, LIST_GOAL_MS, OPEN_P99_GOAL_MS


def table_row(db: str, workers: str, app: str, loads: dict[str, Any]) -> str:
    closed = loads["closed"]
    lat = closed["latency"]
    row = (
        f"{db:10} {workers:>1} {app:14} | {closed['requests_per_s']:>7} {lat['p50_ms']:>7.1f} "
        f"{lat['p95_ms']:>7.1f} {lat['p99_ms']:>7.1f} {closed['errors']:>4}"
    )
    if "open" in loads:
        o = loads["open"]
        ol = o["latency_from_schedule"]
        row += f" | {ol['p50_ms']:>7.1f} {ol['p95_ms']:>7.1f} {ol['p99_ms']:>7.1f} {ol['max_ms']:>7.1f} {str(o['errors']) + '/' + str(o['not_sent']):>10}"
    else:
        row += " | " + " " * 42
    cpu = closed["cpu"]
    return row + (
        f" | {cpu['client_cores']:>5.2f} {cpu['server_cores']:>5.2f} {cpu['postgres_cores']:>5.2f}"
        f" {cpu['other_cores']:>5.2f}"
    )


def table(results: dict[str, Any]) -> str:
    """Latencies in ms; CPU columns: cores used during the closed loop by the load generator, the
    server processes, PostgreSQL, and everything else on the machine."""
    head = (
        f"{'database':10} {'w':>1} {'app':14} | {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4}"
        f" | {'open p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'err/unsent':>10}"
        f" | {'gen':>5} {'srv':>5} {'pg':>5} {'other':>5}"
    )
    lines = [
        "closed loop (50 clients) | open loop (200/s, latency from the due time; unsent: due but not sent"
        " before the time limit) | CPU cores",
        head,
    ]
    lines.append("-" * len(head))
    for db, data in results["databases"].items():
        for workers, run in data["workers"].items():
            lines.append(table_row(db, workers, "spinecoach", run["spinecoach"]))
            lines.append(table_row(db, workers, "ceiling", run["ceiling"]))
            for key, noop in run["noop"].items():
                kind = results["setup"]["load_generator"] if key == "closed" else key.removeprefix("closed_")
                lines.append(table_row(db, workers, f"noop ({kind})", {"closed": noop}))
            g = run["goals"]
            lines.append(
                f"{'':13} goals: closed/ceiling = {g['closed_ratio_to_ceiling']:.2f} "
                f"({'met' if g['closed_goal_met'] else 'MISSED'}, goal >= {CLOSED_GOAL}); open p99 = "
                f"{g['open_p99_ms']} ms ({'met' if g['open_goal_met'] else 'MISSED'}, goal < {OPEN_P99_GOAL_MS})"
            )
            ours = run["spinecoach"]
            lines.append(
                f"{'':13} rounds: closed/ceiling {g['closed_ratio_per_round']}, open p99 "
                f"{ours['open_rounds_p99_ms']} ms; events answered 2xx {ours['answered_2xx']}, "
                f"stored {ours['stored_events']}"
            )
        pl = data["patient_list"]
        for key in ("as_built", "after_analyze"):
            lat = pl[key]["latency"]
            lines.append(
                f"{db:10} patient list ({pl['patients']} x {pl['days']} days, {key}): p50 {lat['p50_ms']:.1f} "
                f"p95 {lat['p95_ms']:.1f} max {lat['max_ms']:.1f} ms "
                f"(service alone p50 {pl[key + '_in_process_ms']['p50_ms']:.1f} ms)"
            )
        lines.append(f"{'':13} goal < {LIST_GOAL_MS} ms (p95): {'met' if pl['goal_met_p95'] else 'MISSED'}")
    return "\n".join(lines)

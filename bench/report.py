"""From rounds to results: ratios, targets met, the printed tables, versions and machine."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .drive import Endpoint, median_of
from .server import BASE, COLD_START_BUDGET_S, LESSON, PAGE_WEIGHT_BUDGET


def summarise(resolved, rounds) -> dict:
    baseline = median_of(rounds["baseline"])
    summary = {}
    for name, (endpoint, path, _) in resolved.items():
        median = median_of(rounds[name])
        ratio = median["req_per_s"] / baseline["req_per_s"] if baseline["req_per_s"] else 0
        p99_ratio = median["p99_ms"] / baseline["p99_ms"] if baseline["p99_ms"] else 0
        met = None
        if endpoint.min_ratio is not None:
            met = ratio >= endpoint.min_ratio
            if endpoint.max_p99_ratio is not None:
                met = met and p99_ratio <= endpoint.max_p99_ratio
        summary[name] = {
            "method": endpoint.method,
            "path": path,
            "rounds": rounds[name],
            "median": median,
            "ratio": round(ratio, 3),
            "p99_ratio": round(p99_ratio, 3),
            "target": target_text(endpoint),
            "met": met,
        }
    return summary


def target_text(endpoint: Endpoint) -> str:
    if endpoint.min_ratio is None:
        return ""
    text = f">= {endpoint.min_ratio:.1f}"
    if endpoint.max_p99_ratio is not None:
        text += f", p99 <= {endpoint.max_p99_ratio:g}x"
    return text


def targets(result: dict) -> dict:
    """Each target this run measured (parts left out with --only are not listed)."""
    cold = result["cold_start_s"]
    met = {}
    if "endpoints" in result:
        endpoints = result["endpoints"]
        met["pages_ratio_and_p99"] = all(endpoints[n]["met"] for n in ("home", "lesson", "code"))
        met["demo_get_ratio"] = endpoints["demo_get"]["met"]
        met["static_ratio"] = endpoints["static"]["met"]
    if "page_weight" in result:
        weight = result["page_weight"]
        met["page_weight_served"] = weight["served_total_bytes"] <= PAGE_WEIGHT_BUDGET
        met["page_weight_page_compressed"] = (
            weight["total_with_page_compressed_bytes"] <= PAGE_WEIGHT_BUDGET
        )
        met["no_other_hosts"] = not weight["requests_to_other_hosts"]
    for check in ("slow_clients_held", "starvation_1xx"):
        if check in result["checks"]:
            met[check] = result["checks"][check]["passed"]
    met["cold_start_fresh"] = cold["fresh"] <= COLD_START_BUDGET_S
    met["cold_start_restart"] = cold["restart"] <= COLD_START_BUDGET_S
    met["reliability_checks"] = all(c["passed"] for c in result["checks"].values())
    return met


# ---------------------------------------------------------------------------------------------
# Report


def yes_no(value) -> str:
    return "" if value is None else ("met" if value else "MISSED")


def table(result: dict, args) -> str:
    lines = [f"{result['label']} ({result['server']}): {', '.join(result['parts'])}"]
    if "endpoints" in result:
        lines += endpoint_table(result, args)
    cold = result["cold_start_s"]
    lines += [
        "",
        f"cold start to first 200 on {LESSON}: {cold['fresh']:.2f} s with a fresh database "
        f"(migrations included), {cold['restart']:.2f} s on restart "
        f"(target <= {COLD_START_BUDGET_S:g} s)",
    ]
    if "page_weight" in result:
        lines += weight_lines(result["page_weight"])
    lines.append("reliability checks:")
    for name, check in result["checks"].items():
        lines.append(f"    {'pass' if check['passed'] else 'FAIL'}  {name}: {check['detail']}")
    lines.append(
        "targets: "
        + ", ".join(f"{name} {yes_no(value)}" for name, value in result["targets"].items())
    )
    return "\n".join(lines)


def endpoint_table(result: dict, args) -> list[str]:
    lines = [
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"median of {args.rounds} rounds",
        "",
        f"| {'endpoint':<9} | {'request':<40} | {'req/s':>7} | {'ratio':>5} | {'p50 ms':>6} "
        f"| {'p99 ms':>7} | {'p99 x':>5} | {'non-2xx':>7} | {'target':<19} | {'':<6} |",
        "|" + "|".join("-" * w for w in (11, 42, 9, 7, 8, 9, 7, 9, 21, 8)) + "|",
    ]
    for name, e in result["endpoints"].items():
        m = e["median"]
        request_text = f"{e['method']} {e['path']}"
        failures = m["non_2xx"] + m["socket_errors"]
        lines.append(
            f"| {name:<9} | {request_text:<40} | {m['req_per_s']:>7.0f} | {e['ratio']:>5.2f} "
            f"| {m['p50_ms']:>6.2f} | {m['p99_ms']:>7.2f} | {e['p99_ratio']:>5.2f} "
            f"| {failures:>7} | {e['target']:<19} | {yes_no(e['met']):<6} |"
        )
    return lines


def weight_lines(weight: dict) -> list[str]:
    lines = [
        f"lesson page weight: {weight['served_total_bytes'] / 1024:.1f} KB as this server sends "
        f"it, {weight['total_with_page_compressed_bytes'] / 1024:.1f} KB with the HTML "
        f"compressed (gzip 9); budget {PAGE_WEIGHT_BUDGET // 1024} KB; "
        f"other hosts: {len(weight['requests_to_other_hosts'])}",
    ]
    for item in weight["items"]:
        lines.append(
            f"    {item['served_bytes'] / 1024:>6.1f} KB {item['content_encoding']:<8} "
            f"{item['what']:<18} {item['url']}"
        )
    return lines


def versions(wrk: str, granian_path) -> dict:
    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    found = {
        name: version(name)
        for name in ("django", "gunicorn", "whitenoise", "brotli", "markdown", "pygments")
    }
    found["python"] = platform.python_version()
    wrk_banner = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    found["wrk"] = (wrk_banner.stdout + wrk_banner.stderr).splitlines()[0].strip()
    if granian_path:
        dist = next(Path(granian_path).glob("granian-*.dist-info"), None)
        found["granian"] = (
            dist.name.removeprefix("granian-").removesuffix(".dist-info") if dist else "?"
        )
    found["project_commit"] = project_commit()
    return found


def project_commit() -> str | None:
    """The checked-out commit, read from .git without running git."""
    git = BASE / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head.removeprefix("ref: ")
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        return None
    return None


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "platform": platform.platform(),
    }


ATTACK_COLUMNS = {
    "slow: /healthz p99": ("slow_clients_held", "/healthz"),
    "slow: lesson p99": ("slow_clients_held", LESSON),
    "1xx loops: /healthz p99": ("starvation_1xx", "/healthz"),
}


def comparison(results: list[dict]) -> str:
    """req/s (ratio to baseline) per endpoint, then the attack checks' p99 (ms, failed probes)."""
    names = list(results[0].get("endpoints", {}))
    attacks = [c for c, (check, _) in ATTACK_COLUMNS.items() if check in results[0]["checks"]]
    columns = names + attacks
    header = f"| {'server':<40} | " + " | ".join(f"{n:>12}" for n in columns) + " | checks |"
    lines = [
        "req/s (ratio to baseline) per endpoint; p99 ms (failed probes) under attack:",
        "",
        header,
        "|"
        + "-" * 42
        + "|"
        + "|".join("-" * (max(12, len(c)) + 2) for c in columns)
        + "|--------|",
    ]
    for result in results:
        cells = []
        for name in names:
            e = result["endpoints"][name]
            cells.append(f"{e['median']['req_per_s']:.0f} ({e['ratio']:.2f})".rjust(12))
        for column in attacks:
            check, path = ATTACK_COLUMNS[column]
            probe = result["checks"].get(check, {}).get("probes", {}).get(path)
            text = (
                ""
                if probe is None
                else f"{probe['p99_ms']:.0f} ({sum(probe['failures'].values())})"
            )
            cells.append(text.rjust(max(12, len(column))))
        checks = "pass" if result["targets"]["reliability_checks"] else "FAIL"
        lines.append(f"| {result['label']:<40} | " + " | ".join(cells) + f" | {checks:<6} |")
    return "\n".join(lines)

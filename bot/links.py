"""The links Veiviser gives people: where they are, whether they are well-formed, and whether they still open.

Every link in data/ (a step's service page, an agency's page or chat, an FAQ answer's source) is found by walking
the YAML files, so a new kind of link cannot be missed.

    python -m bot.links check      offline: https, no spaces, on a site of data/trusted_sites.yml (make validate)
    python -m bot.links live       opens every link and reports broken and moved ones (make linkcheck)

`live` needs the internet. It exits 0 when every link opens, 1 when a site answered that a link is broken, and 2
when links could not be checked at all (no network, time-outs), so a scheduled job can tell "broken" from "offline".
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
import yaml

from bot.settings import REPO_ROOT

DATA = REPO_ROOT / "data"
TRUSTED_SITES = DATA / "trusted_sites.yml"
# Training data and word lists hold no links; skipping them keeps the walk fast.
SKIP_DIRS = {"nlu", "lexicon", "stories", "rules"}
USER_AGENT = "Veiviser-linkcheck/1.0 (checks the links a public-sector assistant gives)"


@dataclass(frozen=True)
class Link:
    url: str
    where: str  # "data/faq/having-a-child.yml: child_parental_benefit_apply.source.url"


@dataclass
class LiveResult:
    url: str
    verdict: str  # ok | moved | broken | unreachable
    status: int | None = None
    final_url: str | None = None
    detail: str = ""
    seconds: float = 0.0
    where: list[str] = field(default_factory=list)


def _is_url(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _walk(node: object, trail: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        # name a list item by its id ("child_leave_length.source.url"), not by its position, so messages survive edits
        for key, value in node.items():
            _walk(value, f"{trail}.{key}" if trail else str(key), out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            named = isinstance(item, dict) and "id" in item
            _walk(item, str(item["id"]) if named else f"{trail}[{i}]", out)
    elif _is_url(node):
        out.append((trail, str(node)))


def collect(data: Path = DATA) -> list[Link]:
    """Every link in the data files, in file order."""
    links: list[Link] = []
    for path in sorted(data.rglob("*.yml")):
        rel = path.relative_to(data)
        if rel.parts[0] in SKIP_DIRS or path.name == TRUSTED_SITES.name:
            continue
        found: list[tuple[str, str]] = []
        _walk(yaml.safe_load(path.read_text(encoding="utf-8")), "", found)
        shown = f"data/{rel.as_posix()}"
        links += [Link(url, f"{shown}: {trail}") for trail, url in found]
    return links


def trusted_sites(path: Path = TRUSTED_SITES) -> dict[str, str]:
    sites = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sites") or {}
    return {str(host).lower(): str(owner) for host, owner in sites.items()}


def _on_site(host: str, sites: dict[str, str]) -> bool:
    return any(host == site or host.endswith("." + site) for site in sites)


def problems(links: list[Link], sites: dict[str, str]) -> list[str]:
    """One plain line per bad link, naming the file and the place in it."""
    out = []
    for link in links:
        url = link.url
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if url != url.strip() or any(c.isspace() for c in url):
            out.append(f"{link.where}: the link {url!r} has a space in it")
        elif parts.scheme != "https":
            out.append(f"{link.where}: {url} must start with https:// (people should not be sent to an unencrypted "
                       "page)")
        elif not host or "." not in host:
            out.append(f"{link.where}: {url} has no site name after https://")
        elif not _on_site(host, sites):
            out.append(f"{link.where}: {url} is on {host}, which is not in data/trusted_sites.yml; add the site "
                       "there if it is the official owner of this page, or link to the owner's page instead")
    return out


def _check_one(session: requests.Session, url: str, timeout: float) -> LiveResult:
    started = time.monotonic()
    try:
        resp = session.head(url, allow_redirects=True, timeout=timeout)
        if resp.status_code in (403, 405, 501):  # some sites refuse HEAD; ask again the way a browser does
            resp = session.get(url, allow_redirects=True, timeout=timeout, stream=True)
            resp.close()
    except requests.RequestException as exc:
        return LiveResult(url, "unreachable", detail=type(exc).__name__, seconds=round(time.monotonic() - started, 2))
    seconds = round(time.monotonic() - started, 2)
    if resp.status_code >= 400:
        return LiveResult(url, "broken", resp.status_code, resp.url, f"HTTP {resp.status_code}", seconds)
    if resp.url.rstrip("/") != url.rstrip("/"):
        return LiveResult(url, "moved", resp.status_code, resp.url, f"now at {resp.url}", seconds)
    return LiveResult(url, "ok", resp.status_code, resp.url, "", seconds)


def check_live(links: list[Link], timeout: float = 10.0, workers: int = 4) -> list[LiveResult]:
    """Open each distinct link once (a few at a time, to be polite to the sites) and say where each is used."""
    where: dict[str, list[str]] = {}
    for link in links:
        where.setdefault(link.url, []).append(link.where)
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda u: _check_one(session, u, timeout), where))
    for result in results:
        result.where = where[result.url]
    return results


def exit_code(results: list[LiveResult]) -> int:
    if any(r.verdict == "broken" for r in results):
        return 1
    if any(r.verdict == "unreachable" for r in results):
        return 2
    return 0


def _report(results: list[LiveResult]) -> str:
    counts = {v: sum(r.verdict == v for r in results) for v in ("ok", "moved", "broken", "unreachable")}
    lines = [f"{len(results)} links: " + ", ".join(f"{n} {v}" for v, n in counts.items())]
    for r in sorted(results, key=lambda r: ("broken", "moved", "unreachable", "ok").index(r.verdict)):
        if r.verdict != "ok":
            lines.append(f"  {r.verdict:11} {r.url}  {r.detail}")
            lines += [f"              used in {w}" for w in r.where]
    if counts["unreachable"] == len(results) and results:
        lines.append("No site could be reached: is this machine offline? Nothing is known about the links.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.links", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder (default: data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="offline: every link is https and on a trusted site")
    live = sub.add_parser("live", help="open every link (needs the internet)")
    live.add_argument("--timeout", type=float, default=10.0)
    live.add_argument("--workers", type=int, default=4)
    live.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    links = collect(args.data)
    bad = problems(links, trusted_sites(args.data / TRUSTED_SITES.name))
    if args.command == "check":
        for line in bad:
            print(line, file=sys.stderr)
        print(f"{len(links)} links ({len({link.url for link in links})} distinct): "
              + ("all well-formed and on trusted sites" if not bad else f"{len(bad)} problems"))
        return 1 if bad else 0
    results = check_live(links, args.timeout, args.workers)
    print(_report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2), encoding="utf-8")
    return exit_code(results)


if __name__ == "__main__":
    sys.exit(main())

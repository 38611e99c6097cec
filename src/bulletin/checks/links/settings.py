"""Turn the `links:` section of bulletin.yaml and the project's links-allow.yaml into checker
settings and allow rules, with a diagnostic for every key or value that cannot be used."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, fields
from pathlib import Path

from ... import __version__
from ...diagnostics import Diagnostic, Location, did_you_mean, error
from ...sources import load_yaml
from .network import parse_networks
from .records import Status, normalise_url

USER_AGENT = f"bulletin/{__version__} (+link checker)"
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class LinkSettings:
    """Every knob of the checker; docs/links.md describes each one."""

    concurrency: int = 32          # requests in flight across all hosts
    per_host: int = 4              # requests in flight to any one host
    host_interval: float = 0.1     # seconds between request starts to one host
    timeout: float = 10.0          # whole request, answer headers included
    connect_timeout: float = 5.0   # name lookup and TCP/TLS connection
    retries: int = 2               # extra tries after a timeout, 5xx or 429
    backoff: float = 0.5           # first wait before a retry; doubles each time
    retry_after_max: float = 30.0  # longest Retry-After honoured; asking more gives up
    wait_budget: float = 60.0      # all retry waiting in one run, across every link
    deadline: float = 300.0        # the whole network phase; the rest becomes 'timeout'
    max_redirects: int = 10
    max_age: float = 86400.0       # how long a working result is trusted from the cache
    head: bool = True              # ask file-like addresses (.pdf, .docx...) with HEAD first
    cache: bool = True
    allowlist: str = "links-allow.yaml"
    user_agent: str = USER_AGENT
    # Private networks (CIDR) that may be requested, e.g. ['127.0.0.0/8'] for a local test
    # server or ['10.0.0.0/8'] for an intranet; by default none are.
    allow_private: tuple = ()


_DURATIONS = {"host_interval", "timeout", "connect_timeout", "backoff", "retry_after_max",
              "wait_budget", "deadline", "max_age"}


def parse_duration(value) -> float:
    """Seconds from 10, 0.5, '50ms', '2s', '5m', '12h' or '1d'; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(ms|s|m|h|d)?\s*", str(value))
        if not m:
            raise ValueError(value)
        seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    if seconds < 0:
        raise ValueError(value)
    return seconds


def _where(settings: dict, key: str) -> Location:
    locs = getattr(settings, "value_locs", None) or {}
    return locs.get(key) or getattr(settings, "loc", None) or Location("bulletin.yaml")


def load_settings(settings: dict | None) -> tuple[LinkSettings, list[Diagnostic]]:
    """Settings from a plain dict (values may be LocStr as loaded from YAML)."""
    settings = settings or {}
    known = {f.name: f for f in fields(LinkSettings)}
    values, problems = {}, []
    for key, raw in settings.items():
        if key not in known:
            problems.append(error("links.config", f"unknown links setting '{key}'"
                                  f"{did_you_mean(key, known)}", _where(settings, key)))
            continue
        kind = type(LinkSettings.__dataclass_fields__[key].default)
        try:
            if key == "allow_private":
                values[key] = tuple(parse_networks(raw if isinstance(raw, list) else [raw]))
            elif key in _DURATIONS:
                values[key] = parse_duration(raw)
            elif kind is bool:
                text = str(raw).lower()
                if text not in ("true", "false", "yes", "no", "on", "off"):
                    raise ValueError(raw)
                values[key] = text in ("true", "yes", "on")
            elif kind is int:
                values[key] = int(str(raw))
                if values[key] < (0 if key == "retries" else 1):
                    raise ValueError(raw)
            else:
                values[key] = str(raw)
        except ValueError:
            want = ("a list of networks such as ['127.0.0.0/8']" if key == "allow_private"
                    else "a duration such as 10, 0.5, '50ms', '2s', '12h' or '1d'" if key in _DURATIONS
                    else "true or false" if kind is bool else "a whole number" if kind is int
                    else "text")
            problems.append(error("links.config", f"links setting '{key}' must be {want}, got "
                                  f"'{raw}'", _where(settings, key)))
    return LinkSettings(**values), problems


@dataclass(frozen=True)
class AllowRule:
    """A links-allow.yaml entry: targets matching `pattern` are not reported when their
    outcome is in `accept` (HTTP codes or status names), or at all when `accept` is empty."""

    pattern: str
    accept: frozenset
    reason: str
    location: Location

    def matches(self, uri: str) -> bool:
        if self.pattern.startswith("re:"):
            return re.search(self.pattern[3:], uri) is not None
        return any(fnmatch.fnmatchcase(candidate, self.pattern)
                   for candidate in (uri, normalise_url(uri)))

    def accepts(self, status: Status, http_status: int | None) -> bool:
        return not self.accept or status.value in self.accept or http_status in self.accept


def load_allowlist(root: Path, name: str = "links-allow.yaml") -> tuple[list[AllowRule], list[Diagnostic]]:
    """The project's allow rules; a missing file is no rules and no problem."""
    path = root / name
    if not path.is_file():
        return [], []
    data, problems = load_yaml(path, name)
    if data is None:
        return [], problems
    if isinstance(data, dict) and "allow" in data:
        data = data["allow"]
    if not isinstance(data, list):
        return [], [error("links.allowlist", f"{name} must be a list of entries, each with "
                          "'pattern', optional 'accept' and 'reason'", Location(name, 1, 1))]
    rules = []
    for item in data:
        loc = getattr(item, "loc", None) or Location(name)
        if not isinstance(item, dict) or not item.get("pattern"):
            problems.append(error("links.allowlist", "each entry needs a 'pattern' "
                                  "(e.g. pattern: https://www.linkedin.com/*)", loc))
            continue
        unknown = set(item) - {"pattern", "accept", "reason"}
        for key in sorted(unknown):
            problems.append(error("links.allowlist", f"unknown key '{key}'"
                                  f"{did_you_mean(key, ['pattern', 'accept', 'reason'])}",
                                  item.key_locs.get(key, loc) if hasattr(item, "key_locs") else loc))
        accept = item.get("accept") or []
        if not isinstance(accept, list):
            accept = [accept]
        accepted = set()
        for value in accept:
            text = str(value).strip().lower()
            if text.isdigit():
                accepted.add(int(text))
            elif text in {s.value for s in Status}:
                accepted.add(text)
            else:
                problems.append(error("links.allowlist", f"cannot accept '{value}': give HTTP "
                                      "codes (403, 999) or statuses (blocked, timeout, "
                                      "rate-limited, redirected, broken)", loc))
        pattern = str(item["pattern"]).strip()
        if pattern.startswith("re:"):
            try:
                re.compile(pattern[3:])
            except re.error as exc:
                problems.append(error("links.allowlist", f"bad regular expression: {exc}", loc))
                continue
        rules.append(AllowRule(pattern, frozenset(accepted), str(item.get("reason") or ""), loc))
    return rules, problems


def find_rule(rules: list[AllowRule], uri: str) -> AllowRule | None:
    return next((rule for rule in rules if rule.matches(uri)), None)

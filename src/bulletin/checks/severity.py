"""Turn a project's `checks:` settings (bulletin.yaml) and a build's diagnostics into re-graded diagnostics.

A partnership may decide that a rule matters more or less for its readers, e.g.

    checks:
      a11y.reading-grade: {severity: info, reason: "read by trained practitioners"}
      content.email: {severity: error, reason: "no personal addresses, ever"}
      a11y.axe.*: {severity: off, reason: "Chromium not on the publishing PC"}

Every change must say why: the reason goes into the accessibility report, and a change
without one is itself a warning. A code ending in `.*` covers every code under it.
"""

from __future__ import annotations

import dataclasses

from ..diagnostics import Diagnostic, Location, Severity, did_you_mean, error, warning
from bulletin.checks.accessibility.rules import RULES, is_known

LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}
# Areas whose codes this module can vouch for; codes of other areas (links.*) are passed
# through unchecked, because their rule tables live elsewhere.
_OWN_AREAS = ("a11y.", "content.")


def _where(config, key, fallback: Location) -> Location:
    locs = getattr(config, "key_locs", None) or {}
    return locs.get(key, fallback)


def read_checks_config(checks_config, config_location: Location):
    """({code: (severity or None for off, reason)}, diagnostics about the settings)."""
    rules: dict[str, tuple[Severity | None, str]] = {}
    problems: list[Diagnostic] = []
    if not checks_config:
        return rules, problems
    if not isinstance(checks_config, dict):
        return rules, [error("config.checks", "'checks:' must map rule codes to "
                             "{severity: ..., reason: ...}", config_location)]
    for code, setting in checks_config.items():
        where = _where(checks_config, code, config_location)
        if code.startswith(_OWN_AREAS) and not code.endswith(".*") and not is_known(code):
            problems.append(warning("config.checks", f"'{code}' is not a rule code"
                                    f"{did_you_mean(code, RULES)}; see docs/checks.md", where))
            continue
        if isinstance(setting, str):  # the short form `code: off` still needs a reason
            setting = {"severity": setting}
        if not isinstance(setting, dict) or str(setting.get("severity", "")).lower() not in LEVELS:
            got = setting.get("severity") if isinstance(setting, dict) else setting
            problems.append(error("config.checks", f"severity for '{code}' must be one of "
                                  f"error, warning, info, off (got '{got}')", where))
            continue
        reason = str(setting.get("reason") or "").strip()
        if not reason:
            problems.append(warning("config.checks-reason", f"the change to '{code}' gives no "
                                    "reason: add reason: \"...\" saying why (it goes in the "
                                    "accessibility report)", where))
        rules[code] = (LEVELS[str(setting["severity"]).lower()], reason)
    return rules, problems


def _rule_for(code: str, rules: dict):
    if code in rules:
        return rules[code]
    parts = code.split(".")
    for n in range(len(parts) - 1, 0, -1):
        wildcard = ".".join(parts[:n]) + ".*"
        if wildcard in rules:
            return rules[wildcard]
    return None


def regrade(diagnostics, rules: dict) -> list[Diagnostic]:
    """The diagnostics with the severities of `rules` (from read_checks_config) applied:
    'off' drops a finding; a re-graded one records its default severity and the reason."""
    out = []
    for d in diagnostics:
        rule = None if d.code.startswith("config.checks") else _rule_for(d.code, rules)
        if rule is None:
            out.append(d)
            continue
        severity, reason = rule
        if severity is None:
            continue
        if severity is d.severity:
            out.append(d)
            continue
        extra = {**d.extra, "default_severity": d.severity.value, "reason": reason}
        out.append(dataclasses.replace(d, severity=severity, extra=extra))
    return out


def apply_severities(diagnostics, checks_config: dict, config_location: Location) -> list[Diagnostic]:
    """The diagnostics re-graded by the project's `checks:` settings, followed by any
    problems with the settings themselves."""
    rules, problems = read_checks_config(checks_config, config_location)
    return regrade(diagnostics, rules) + problems

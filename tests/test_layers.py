"""The package's layers hold: stages import only stages below them, and no module imports
itself round a cycle, counting imports inside functions (the contract is in pyproject.toml)."""

from __future__ import annotations

import logging
from pathlib import Path

import grimp
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

REPO = Path(__file__).resolve().parents[1]


def test_the_import_contract_is_kept(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    # import-linter configures logging with disable_existing_loggers, which would silence
    # WeasyPrint's logger (whose warnings builds report) for every later test in this process
    loggers = [logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    enabled = [logger for logger in loggers if not logger.disabled]
    try:
        status = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    finally:
        for logger in enabled:
            logger.disabled = False
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_no_module_imports_itself_round_a_cycle():
    graph = grimp.build_graph("bulletin")
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []

"""A command served by a resident process (bulletin/resident.py) is the same command run
afresh: the same files, bytes, permissions, lines and exit status; Ctrl-C reaches it; a
resident of other code, a dead one or BULLETIN_RESIDENT=off is never used; an idle one
goes away with its LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bulletin import resident, resident_place
from bulletin.synthetic import write_synthetic_project

FORMATS = "pdf,docx,html"


def _env(runtime: Path, mode: str, **extra) -> dict:
    return {**os.environ, "BULLETIN_RUNTIME_DIR": str(runtime), "BULLETIN_RESIDENT": mode,
            "SOURCE_DATE_EPOCH": "1700000000", "BULLETIN_RESIDENT_IDLE": "30", **extra}


def _folder(runtime: Path) -> Path:
    return runtime / f"bulletin-{os.getuid()}"


def _served(runtime: Path) -> list[str]:
    """The lines of every resident's log of served commands under `runtime`."""
    return [line for log in sorted(_folder(runtime).glob("*.log")) for line in log.read_text().splitlines()]


def _bulletin(root: Path, env: dict, *args, umask: int = 0o022) -> subprocess.CompletedProcess:
    """The installed command as a user runs it (bulletin.launcher), whole process."""
    return subprocess.run([sys.executable, "-m", "bulletin.launcher", "--root", str(root), *args],
                          env=env, capture_output=True, text=True, timeout=180,
                          preexec_fn=lambda: os.umask(umask))


def _start(runtime: Path, env: dict, idle: float = 60, warm_up: bool = True) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", "from bulletin.resident import serve; "
                                f"serve(idle_seconds={idle}, warm_up={warm_up})"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(_folder(runtime).glob("*.sock")) and time.monotonic() < deadline:
        assert process.poll() is None, f"the resident ended: {process.stderr.read()!r}"
        time.sleep(0.05)
    return process


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def short_tmp():
    """A folder with a short name: a Unix socket's address holds at most 107 bytes, and
    pytest's own folders can be longer than that (a resident is then not used)."""
    folder = Path(tempfile.mkdtemp(prefix="bl-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def served():
    """(runtime folder, environment for commands served there) for this module's resident."""
    runtime = Path(tempfile.mkdtemp(prefix="bl-", dir="/tmp"))
    env = _env(runtime, "on")
    process = _start(runtime, env)
    yield runtime, env
    _stop(process)
    shutil.rmtree(runtime, ignore_errors=True)


def _outputs(dist: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mode) for p in dist.iterdir()
            if p.suffix in (".pdf", ".docx", ".html")}


def test_a_served_build_is_the_build_run_afresh(served, tmp_path, monkeypatch, capsys):
    from bulletin.cli import main
    runtime, env = served
    root = write_synthetic_project(tmp_path / "project", 1)
    args = ["--root", str(root), "build", "--offline", "--no-axe", "--force", "--format", FORMATS]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", env["SOURCE_DATE_EPOCH"])
    code = main(args)  # run here, as a process of its own would
    afresh = subprocess.CompletedProcess(args, code, *capsys.readouterr())
    assert afresh.returncode == 0, afresh.stderr
    before, first = _outputs(root / "dist"), len(_served(runtime))
    assert len([name for name in before if "child-" in name]) == 3
    again = _bulletin(root, env, *args[2:])
    assert len(_served(runtime)) == first + 1, "the resident did not serve it"
    said = lambda done: (done.returncode, re.sub(r"\(\d+\.\d s\)", "(seconds)", done.stdout), done.stderr)  # noqa: E731
    assert said(again) == said(afresh)
    assert _outputs(root / "dist") == before  # bytes and permissions


def test_a_served_build_with_an_error_says_so_at_its_line_writes_nothing_and_keeps_the_umask(served, tmp_path):
    runtime, env = served
    root = write_synthetic_project(tmp_path / "project", 1)
    review = next((root / "sources" / "reviews").glob("*.yaml"))
    review.write_text(review.read_text().replace("\n", "\n\t", 1))
    count = len(_served(runtime))
    done = _bulletin(root, env, "build", "--offline", "--no-axe", umask=0o077)
    assert len(_served(runtime)) == count + 1
    assert done.returncode == 1
    assert f"sources/reviews/{review.name}:2:1: error:" in done.stderr and "Traceback" not in done.stderr
    assert not list((root / "dist").glob("*.pdf"))
    assert (root / "dist").stat().st_mode & 0o777 == 0o700  # made with the caller's umask


def test_ctrl_c_reaches_a_served_build(served, tmp_path):
    runtime, env = served
    root = write_synthetic_project(tmp_path / "project", 12)
    process = subprocess.Popen([sys.executable, "-m", "bulletin.launcher", "--root", str(root), "build",
                                "--offline", "--no-axe", "--jobs", "2"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while "rendering" not in (process.stdout.readline() or "rendering") and time.monotonic() < deadline:
        pass
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: to the terminal's foreground group, the command's
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    # one line: the workers' pool is let go as a process of its own would (no leaked-semaphore warnings)
    assert err.strip().splitlines() == ["bulletin: interrupted; outputs already in dist/ are unchanged"], err
    assert "Traceback" not in err and not list((root / "dist").glob("**/*.tmp"))
    assert _served(runtime)[-1].split(" exit ")[1].startswith("130 ")


def test_a_served_build_whose_caller_is_killed_stops_cleanly(served, tmp_path):
    runtime, env = served
    root = write_synthetic_project(tmp_path / "project", 12)
    process = subprocess.Popen([sys.executable, "-m", "bulletin.launcher", "--root", str(root), "build",
                                "--offline", "--no-axe", "--jobs", "1"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while "rendering" not in (process.stdout.readline() or "rendering") and time.monotonic() < deadline:
        pass
    count = len(_served(runtime))
    process.kill()  # no chance to pass anything on
    process.wait()
    deadline = time.monotonic() + 60
    while len(_served(runtime)) == count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _served(runtime)[-1].split(" exit ")[1].startswith("130 "), _served(runtime)[-1]
    assert not list((root / "dist").glob("**/*.tmp"))


def test_only_a_listening_resident_of_this_code_is_used(short_tmp, monkeypatch):
    monkeypatch.setenv("BULLETIN_RUNTIME_DIR", str(short_tmp))
    stamp = resident_place.code_stamp()
    monkeypatch.setattr(sys, "path", sys.path + [str(short_tmp)])  # other code: another import path
    assert resident_place.code_stamp() != stamp
    monkeypatch.setattr(sys, "path", sys.path[:-1])
    # a socket left by a resident that is gone: nobody answers, so the command runs here
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(resident_place.socket_path()))
    left.close()
    assert resident.run_in_resident(["build"]) is None


def test_who_goes_through_a_resident():
    assert resident.wanted(["build", "x"], {"BULLETIN_RESIDENT": "on"})
    assert resident.wanted(["--root", "p", "publish"], {"BULLETIN_RESIDENT": "on"})
    assert not resident.wanted(["build"], {"BULLETIN_RESIDENT": "off"})
    assert not resident.wanted(["watch"], {"BULLETIN_RESIDENT": "on"})  # keeps itself warm
    assert not resident.wanted(["build", "--help"], {"BULLETIN_RESIDENT": "on"})
    # unset: only at a terminal, and the test runner's output is not one
    assert not resident.wanted(["build"], {})


def test_an_idle_resident_goes_away_with_its_libreoffice(short_tmp):
    env = _env(short_tmp, "on", BULLETIN_WORD_PAGES="on")
    process = _start(short_tmp, env, idle=1, warm_up=False)
    sock = next(_folder(short_tmp).glob("*.sock"))
    assert process.wait(timeout=60) == 0
    assert not sock.exists() and not sock.with_suffix(".pid").exists()
    # its LibreOffice (where installed) is gone with it
    left = subprocess.run(["pgrep", "-f", str(sock.with_suffix(".soffice"))], capture_output=True, text=True)
    assert left.stdout.strip() == "", left.stdout


def test_doctor_says_whether_a_resident_serves_here(served, short_tmp, monkeypatch):
    from bulletin.environment import resident as fact
    runtime, env = served
    # asked from a process with a user's import path (a resident serves only its own code)
    asked = subprocess.run([sys.executable, "-c", "from bulletin.environment import resident; "
                            "print(resident().status, resident().detail)"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert asked.stdout.startswith("ok running (process "), asked.stdout + asked.stderr
    monkeypatch.setenv("BULLETIN_RESIDENT", "on")
    monkeypatch.setenv("BULLETIN_RUNTIME_DIR", str(short_tmp))
    assert fact().detail.startswith("none running: the next build at a terminal starts one")
    monkeypatch.setenv("BULLETIN_RESIDENT", "off")
    assert fact().detail == "off (BULLETIN_RESIDENT=off): every build starts afresh"


def test_a_new_resident_retires_older_ones_of_its_interpreter_only(short_tmp):
    folder = _folder(short_tmp)
    folder.mkdir(mode=0o700)
    older, elsewhere = (subprocess.Popen(["sleep", "60"]) for _ in range(2))
    (folder / "resident-0000000000000000.pid").write_text(f"{older.pid} {sys.executable}\n")
    (folder / "resident-1111111111111111.pid").write_text(f"{elsewhere.pid} /opt/other/python\n")
    resident_process = _start(short_tmp, _env(short_tmp, "on"), idle=1, warm_up=False)
    try:
        assert older.wait(timeout=30) == -signal.SIGTERM  # other code of this interpreter: retired
        assert elsewhere.poll() is None  # another interpreter's: left alone
    finally:
        elsewhere.kill()
        resident_process.wait(timeout=30)

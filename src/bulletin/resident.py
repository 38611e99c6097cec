"""Turn a repeated `bulletin build`, `check` or `publish` into a fork of a resident process
that has the renderers loaded and LibreOffice open, instead of a new interpreter that
imports WeasyPrint and starts LibreOffice again.

A build made from scratch spends 1.2 s importing WeasyPrint and the other renderers,
and LibreOffice (which lays out the Word file to measure its pages) 1.3 s starting. Someone editing a review builds again and again, so
the first build at a terminal leaves a resident process behind that has done both:

- The resident listens on a Unix socket in a folder only this user can open. Its name
  carries a stamp of the code it loaded (Python, `sys.path`, bulletin's source files, the
  installed distributions), so a build never runs in a resident of other code: after an
  upgrade or an edit to bulletin a new resident starts and retires the old one.
- A command it serves runs in a fork made for it: in the caller's folder, environment and
  umask, writing to the caller's own terminal (the descriptors are passed over the
  socket), as its own process group, so Ctrl-C reaches the build and its workers as it
  would at the terminal. Nothing one build does is seen by the next: each fork ends.
- It keeps one LibreOffice open on a blank document, which converts the Word files it is
  handed in a fifth of a second (render/docx/libreoffice.py falls back to its own
  LibreOffice when that fails).
- It quits after IDLE_SECONDS (BULLETIN_RESIDENT_IDLE) without a request, taking its
  LibreOffice with it; its process id is in the `.pid` file beside the socket.

Who gets one: commands run at a terminal (`invoke build` says when it is at one), or
anywhere with BULLETIN_RESIDENT=on; never with BULLETIN_RESIDENT=off, in CI or in a
pipe. The tests keep it off but for tests/test_resident.py. `bulletin doctor` says
whether one runs. The installed command reaches it through launcher.py.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

from bulletin.render.docx.libreoffice import RESIDENT_PROFILE
from bulletin.resident_place import mode, runtime_dir, socket_path

IDLE_SECONDS = 600
COMMANDS = {"build", "check", "publish"}
# Imported once by the resident, so a served command starts with them loaded.
PRELOAD = ("bulletin.cli", "bulletin.build", "bulletin.check", "bulletin.publish", "bulletin.catalogue",
           "bulletin.report", "bulletin.progress", "bulletin.render.writers", "bulletin.render.pdf",
           "bulletin.render.html", "bulletin.render.docx.writer", "bulletin.render.docx.parity",
           "bulletin.render.print_edition", "bulletin.checks.registry", "bulletin.checks.page_quality",
           "bulletin.checks.names", "rich.progress")
_CODE = struct.Struct("!i")


def wanted(argv: list[str], environ=os.environ) -> bool:
    """Whether this command line goes through a resident."""
    command = next((a for a in argv if not a.startswith("-") and a in COMMANDS), None)
    if command is None or os.name != "posix" or any(a in ("-h", "--help", "--version") for a in argv):
        return False
    chosen = mode(environ)
    return chosen == "on" or (chosen == "auto" and sys.stdout.isatty() and sys.stderr.isatty())


# -- the command's side --------------------------------------------------------------------

def run_in_resident(argv: list[str]) -> int | None:
    """Run the command in a resident and return its exit status; None when no resident of
    this code answers (the caller then runs it itself)."""
    try:
        path = socket_path()
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(str(path))
    except OSError:
        return None
    with connection:
        try:
            request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask()}
            socket.send_fds(connection, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
            reader = connection.makefile("rb")
            pid = _read_code(reader)
        except OSError:
            return None
        if pid is None:  # the resident was going away: run here
            return None
        forwarded = {}

        def forward(signum, _frame):
            try:
                os.killpg(pid, signum)  # as the terminal would: to the command and its workers
            except ProcessLookupError:
                pass
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            forwarded[signum] = signal.signal(signum, forward)
        try:
            status = _read_code(reader)
        except OSError:  # the connection broke: said below, like a resident that stopped
            status = None
        finally:
            for signum, previous in forwarded.items():
                signal.signal(signum, previous)
    if status is None:
        print("bulletin: the resident process stopped before the command finished; run it again, "
              "or with BULLETIN_RESIDENT=off", file=sys.stderr)
        return 70
    return status


def start_in_background() -> None:
    """Start a resident for the next command, detached from this one's terminal and pipes."""
    try:
        runtime_dir()
        # with the import path this process has (its first entry is where its script is)
        subprocess.Popen([sys.executable, "-c", "import sys; sys.path[0] = sys.argv[1]; "
                          "from bulletin.resident import serve; serve()", sys.path[0]], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                         close_fds=True, cwd="/")
    except OSError:
        pass  # no resident: the next command imports everything again, as without one


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _read_code(reader) -> int | None:
    data = reader.read(_CODE.size)
    return _CODE.unpack(data)[0] if len(data) == _CODE.size else None


# -- the resident's side -------------------------------------------------------------------

def serve(idle_seconds: float | None = None, warm_up: bool = True) -> None:
    """Listen for commands until `idle_seconds` pass without one. `warm_up`: load the
    renderers and build a sample first, as every resident does but those that tests start
    to watch them come and go."""
    import importlib

    if idle_seconds is None:
        idle_seconds = float(os.environ.get("BULLETIN_RESIDENT_IDLE") or IDLE_SECONDS)
    path = socket_path()
    listener = _listen(path)
    if listener is None:
        return  # another resident of this code is listening
    log, soffice = path.with_suffix(".log"), None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        _retire_older_residents(path)
        path.with_suffix(".pid").write_text(f"{os.getpid()} {sys.executable}\n", encoding="utf-8")
        soffice = _start_libreoffice(path.with_suffix(".soffice"))
        if warm_up:
            for module in PRELOAD:
                importlib.import_module(module)
            _warm_up()
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # served commands' supervisors reap themselves
        listener.settimeout(min(5.0, idle_seconds))
        last = time.monotonic()
        while time.monotonic() - last < idle_seconds and path.is_socket():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            _serve_one(connection, listener, soffice, log)
            connection.close()
            last = time.monotonic()
    finally:
        listener.close()
        for left in (path, path.with_suffix(".pid"), log):
            left.unlink(missing_ok=True)
        if soffice is not None:
            _stop(soffice[0])
            shutil.rmtree(path.with_suffix(".soffice"), ignore_errors=True)


def _retire_older_residents(path: Path) -> None:
    """Stop the residents of this interpreter that serve other code: a new stamp means the
    code changed, so nothing will ask them again, and each holds memory until it idles out."""
    for other in path.parent.glob("resident-*.pid"):
        if other.with_suffix(".sock") == path:
            continue
        try:
            pid, executable = other.read_text(encoding="utf-8").split(maxsplit=1)
            if executable.strip() == sys.executable:
                os.kill(int(pid), signal.SIGTERM)
        except (OSError, ValueError):
            pass


def _warm_up() -> None:
    """Build a one-review sample project once, in a folder thrown away after: what a first
    build does once per process (loading fonts into Pango, compiling the packaged templates)
    is then done before the first command, not in each fork. In-process builds after one
    another are how `bulletin watch` works, and give the same bytes as a new process."""
    import tempfile

    from bulletin.build import build
    from bulletin.synthetic import write_synthetic_project
    saved = os.environ.get("BULLETIN_WORD_PAGES")
    os.environ["BULLETIN_WORD_PAGES"] = "off"  # LibreOffice is starting meanwhile; nothing to measure
    try:
        with tempfile.TemporaryDirectory(prefix="bulletin-warm-up-") as tmp:
            root = write_synthetic_project(Path(tmp) / "sample", 1)
            build(root, formats=("pdf", "docx", "html"), offline=True, jobs=1, axe=False)
    except Exception:  # noqa: BLE001 - a warm-up that fails only leaves the forks colder
        pass
    finally:
        os.environ.pop("BULLETIN_WORD_PAGES")
        if saved is not None:
            os.environ["BULLETIN_WORD_PAGES"] = saved


def _listen(path: Path) -> socket.socket | None:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
        return None  # answered: one is running
    except OSError:
        path.unlink(missing_ok=True)  # a socket left by a resident that is gone
    finally:
        probe.close()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(path))
    except OSError:
        return None  # another resident bound it first
    listener.listen(8)
    return listener


def _serve_one(connection: socket.socket, listener: socket.socket, soffice, log: Path) -> None:
    """Fork a supervisor that forks the command, waits for it and reports its status."""
    try:
        message, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
        while message and not message.endswith(b"\n"):
            more = connection.recv(1 << 16)
            if not more:
                break
            message += more
        request = json.loads(message.decode())
    except (OSError, ValueError):
        request, fds = None, locals().get("fds", [])
    if request is None or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        return
    if os.fork() == 0:  # the supervisor
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            command = os.fork()
            if command == 0:
                listener.close()
                _run_command(request, fds, soffice)  # never returns
            os.setpgid(command, command)  # before the caller learns it, so Ctrl-C finds the group
            connection.sendall(_CODE.pack(command))
            started = time.monotonic()
            code = _wait(command, connection)
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} pid {command} exit {code} "
                             f"after {time.monotonic() - started:.2f} s: "
                             f"{' '.join(request['argv'])} in {request['cwd']}\n")
            connection.sendall(_CODE.pack(code))  # (a caller that went away hears nothing)
        finally:
            os._exit(0)
    for fd in fds:
        os.close(fd)


def _wait(command: int, connection: socket.socket) -> int:
    """The command's exit status, as a shell reports it (128 + N when signal N ended it).
    If the caller goes away first (killed, or its terminal closed), the command is stopped
    as Ctrl-C stops it: cleanly, leaving dist/ as it was."""
    import select

    stopped = False
    while True:
        done, status = os.waitpid(command, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            return 128 - code if code < 0 else code
        readable, _, _ = select.select([connection], [], [], 0.1)
        if readable and not stopped and not connection.recv(1):
            stopped = True
            try:
                os.killpg(command, signal.SIGINT)
            except ProcessLookupError:
                pass


def _run_command(request: dict, fds: list[int], soffice) -> None:
    """In the fork: become the caller's process (folder, environment, umask, terminal) and
    run the command line."""
    code = 70
    try:
        os.setpgid(0, 0)  # (the supervisor does it too: whichever runs first)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        os.environ.clear()
        os.environ.update(request["env"])
        if soffice is not None and _alive(soffice[0].pid):
            os.environ[RESIDENT_PROFILE] = soffice[1]
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)
        _reopen_standard_streams()
        from bulletin.cli import main
        code = main(list(request["argv"]))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001 - the fork must end here, whatever happened
        os.write(2, f"bulletin: the resident process could not run the command ({type(exc).__name__}: "
                    f"{exc}); run it with BULLETIN_RESIDENT=off\n".encode(errors="replace"))
    finally:
        _end_as_a_process_ends()
        os._exit(code)


def _end_as_a_process_ends() -> None:
    """What Python does at the exit of a process of its own, for what the command started:
    its workers' pool and semaphores let go (else multiprocessing's resource tracker warns
    of leaked semaphores after a Ctrl-C), its output flushed. Not the interpreter's whole
    exit: that would also run the resident's own exit handlers (WeasyPrint removing the
    font files the resident's later forks read)."""
    from multiprocessing import util  # private: the one function Python's exit runs for multiprocessing

    for step in (util._exit_function, sys.stdout.flush, sys.stderr.flush):
        try:
            step()
        except Exception:  # noqa: BLE001 - ending: nothing left to report to
            pass


def _reopen_standard_streams() -> None:
    """sys.stdin/stdout/stderr on the caller's descriptors, buffered as Python buffers them
    for a new process: line by line on a terminal."""
    encoding = os.environ.get("PYTHONIOENCODING", "utf-8").split(":")[0] or "utf-8"
    sys.stdin = open(0, "r", encoding=encoding, closefd=False)
    sys.stdout = open(1, "w", encoding=encoding, closefd=False, buffering=-1,
                      errors="strict")
    sys.stdout.reconfigure(line_buffering=os.isatty(1))
    sys.stderr = open(2, "w", encoding=encoding, closefd=False, errors="backslashreplace")
    sys.stderr.reconfigure(line_buffering=True)


def _start_libreoffice(profile: Path):
    """(the resident LibreOffice process, its profile's address), or None where LibreOffice
    is not installed or Word's pages are not measured."""
    from bulletin.checks.page_quality import word_pages_wanted
    from bulletin.render.docx.libreoffice import find_soffice

    soffice = find_soffice()
    if soffice is None or not word_pages_wanted():
        return None
    address = profile.as_uri()
    # A blank document keeps it open: with none, LibreOffice quits after its first conversion.
    process = subprocess.Popen([soffice, f"-env:UserInstallation={address}", "--headless", "--norestore",
                                "--nologo", "private:factory/swriter"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    return process, address


def _alive(pid: int) -> bool:
    """Whether a process runs (not Popen.poll, which only its parent may ask)."""
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass


if __name__ == "__main__":
    serve()

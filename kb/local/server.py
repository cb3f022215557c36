"""The project's own Neo4j Community server: fetched from Maven Central, laid out, started, stopped.

Layout (all under `Settings.kb_data_dir`, the Neo4j home; git-ignored by default):

    conf/neo4j.conf   written at every start from the settings
    data/             the stores
    logs/             neo4j.log, debug.log, console.log (the JVM's own output)
    run/neo4j.pid     the server's pid
    password          the generated password (mode 0600), unless NEO4J_PASSWORD is set

The folder and all it holds are private to their owner (0700 folders, 0600 files):
the server and neo4j-admin run with umask 077, and the modes of what an earlier
version left readable are tightened at every start.

The jars live once in `neo4j/lib/` (filled by `mvn dependency:copy-dependencies`
from `neo4j/pom.xml`) and are shared by every data folder. The server runs as one
JVM: `org.neo4j.server.CommunityEntryPoint`, with the JVM flags the Neo4j
distribution's neo4j.conf lists for Java 17.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kb.errors import Unavailable
from kb.settings import Settings

MIN_JAVA = 17
PRIVATE_DIR, PRIVATE_FILE, PRIVATE_UMASK = 0o700, 0o600, 0o077
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

# The distribution's neo4j.conf (server.jvm.additional) for Neo4j 5.26 on Java 17.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
]


class LocalNeo4jError(Unavailable):
    """The local server cannot be fetched, started, stopped or used as asked; the message says what to do."""

    code = "local_neo4j"


@dataclass(frozen=True)
class LocalStatus:
    running: bool
    pid: int | None
    version: str | None
    bolt_uri: str
    http_url: str
    data_dir: Path


class LocalNeo4j:
    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.home = settings.kb_data_dir.resolve()
        self.conf_dir = self.home / "conf"
        self.logs_dir = self.home / "logs"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.console_log = self.logs_dir / "console.log"

    # ------------------------------------------------------------------ java
    def java(self) -> str:
        """The java executable, checked to be Java 17 or newer."""
        candidate = self.s.kb_java
        if not candidate and os.environ.get("JAVA_HOME"):
            candidate = str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
        candidate = candidate or "java"
        path = shutil.which(candidate)
        if not path:
            raise LocalNeo4jError(
                f"Java not found ({candidate!r}). Neo4j 5.26 needs Java {MIN_JAVA} or newer: install a JDK "
                "(e.g. apt-get install openjdk-17-jdk-headless), set KB_JAVA or JAVA_HOME, "
                "or point NEO4J_URI at an existing Neo4j."
            )
        try:
            out = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LocalNeo4jError(f"Could not run {path} -version: {exc}") from exc
        major = parse_java_major(out.stderr + out.stdout)
        if major is None:
            raise LocalNeo4jError(f"Could not read the Java version from {path} -version.")
        if major < MIN_JAVA:
            raise LocalNeo4jError(
                f"{path} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or newer. "
                "Set KB_JAVA or JAVA_HOME to a newer JDK."
            )
        return path

    # ------------------------------------------------------------------ jars
    def version(self) -> str | None:
        """The Neo4j version of the jars in the lib folder."""
        lib = self.s.kb_neo4j_lib_dir
        for jar in sorted(lib.glob("neo4j-kernel-*.jar")) if lib.is_dir() else []:
            m = re.fullmatch(r"neo4j-kernel-(\d+\.\d+\.\d+)\.jar", jar.name)
            if m:
                return m.group(1)
        return None

    def ensure_jars(self) -> None:
        """Fetch the server's jars with Maven unless they are already there."""
        if self.version() and (self.s.kb_neo4j_lib_dir / "neo4j-browser-5.24.0.jar").exists():
            return
        mvn = shutil.which(self.s.kb_mvn)
        if not mvn:
            raise LocalNeo4jError(
                f"Maven not found ({self.s.kb_mvn!r}); it fetches Neo4j from Maven Central. "
                "Install Maven (apt-get install maven) or set KB_MVN."
            )
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(self.s.kb_neo4j_pom),
            "dependency:copy-dependencies",
            f"-Dkb.lib.dir={self.s.kb_neo4j_lib_dir.resolve()}",
        ]
        if self.s.kb_maven_offline:
            cmd.append("-o")
        if self.s.kb_maven_repo:
            cmd.append(f"-Dmaven.repo.local={self.s.kb_maven_repo}")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode == 0 and not self.version():
            raise LocalNeo4jError(f"Maven finished, but no Neo4j jars appeared in {self.s.kb_neo4j_lib_dir}.")
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
            raise LocalNeo4jError(
                "Maven could not fetch Neo4j from Maven Central (offline, or the repository unreachable?). "
                f"Command: {' '.join(cmd)}\n{tail}"
            )

    # ------------------------------------------------------------------ status
    def pid(self) -> int | None:
        """The pid of our running server, or None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if _is_our_process(pid, self.home):
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def status(self) -> LocalStatus:
        pid = self.pid()
        return LocalStatus(
            running=pid is not None and _port_open(self.s.kb_neo4j_bolt_port),
            pid=pid,
            version=self.version(),
            bolt_uri=self.s.local_bolt_uri(),
            http_url=f"http://127.0.0.1:{self.s.kb_neo4j_http_port}",
            data_dir=self.home,
        )

    # ------------------------------------------------------------------ start
    def start(self) -> LocalStatus:
        """Start the server, or reuse the one already running on this data folder."""
        pid = self.pid()
        if pid is not None:
            self._wait_ready(pid, log_offset=0)
            return self.status()
        for port, what in ((self.s.kb_neo4j_bolt_port, "Bolt"), (self.s.kb_neo4j_http_port, "HTTP")):
            if _port_open(port):
                raise LocalNeo4jError(
                    f"Port {port} ({what}) on 127.0.0.1 is taken by another process, not this project's Neo4j "
                    f"(data folder {self.home}). Stop that process, or choose other ports with "
                    "KB_NEO4J_BOLT_PORT / KB_NEO4J_HTTP_PORT."
                )
        java = self.java()
        self.ensure_jars()
        self._lay_out()
        first_start = not (self.home / "data" / "databases" / "system").exists()
        if first_start:
            self._set_initial_password(java)
        log_offset = _size(self.logs_dir / "neo4j.log")
        with open(self.console_log, "ab") as console:
            proc = subprocess.Popen(
                self._command(java),
                cwd=self.home,
                env=self._env(),
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                umask=PRIVATE_UMASK,
            )
        self.pid_file.write_text(str(proc.pid))
        try:
            self._wait_ready(proc.pid, log_offset, proc)
        except LocalNeo4jError:
            if proc.poll() is None:
                proc.kill()
            self.pid_file.unlink(missing_ok=True)
            raise
        return self.status()

    def _wait_ready(self, pid: int, log_offset: int, proc: subprocess.Popen | None = None) -> None:
        """Wait until Bolt answers and neo4j.log, past `log_offset`, says 'Started.'."""
        deadline = time.monotonic() + self.s.kb_neo4j_start_timeout
        neo4j_log = self.logs_dir / "neo4j.log"
        while time.monotonic() < deadline:
            exited = proc.poll() is not None if proc else not _pid_alive(pid)
            if exited:
                raise LocalNeo4jError("Neo4j exited while starting. Last lines of its logs:\n" + self.log_tail(25))
            if _port_open(self.s.kb_neo4j_bolt_port) and "Started." in _read(neo4j_log, log_offset):
                return
            time.sleep(0.3)
        raise LocalNeo4jError(
            f"Neo4j did not start within {self.s.kb_neo4j_start_timeout:.0f} s. Last lines of its logs:\n"
            + self.log_tail(25)
        )

    def _lay_out(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        make_private(self.home)
        (self.conf_dir / "neo4j.conf").write_text(self._conf())
        if self.s.neo4j_password is None and not self.s.password_file.exists():
            self.s.password_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.s.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(new_password())

    def _conf(self) -> str:
        s = self.s
        lines = [
            "# Written by kb at every start from the settings; edits here are overwritten.",
            f"server.directories.data={self.home / 'data'}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.run={self.home / 'run'}",
            f"server.directories.import={self.home / 'import'}",
            f"server.directories.plugins={self.home / 'plugins'}",
            f"server.directories.lib={s.kb_neo4j_lib_dir.resolve()}",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.kb_neo4j_bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{s.kb_neo4j_bolt_port}",
            f"server.http.listen_address=127.0.0.1:{s.kb_neo4j_http_port}",
            f"server.http.advertised_address=127.0.0.1:{s.kb_neo4j_http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            f"server.memory.heap.initial_size={s.kb_neo4j_heap}",
            f"server.memory.heap.max_size={s.kb_neo4j_heap}",
            f"server.memory.pagecache.size={s.kb_neo4j_pagecache}",
            "db.tx_log.rotation.retention_policy=2 days 256M",
            *s.kb_neo4j_extra_conf,
        ]
        return "\n".join(lines) + "\n"

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}

    def _classpath(self) -> str:
        return str(self.s.kb_neo4j_lib_dir.resolve() / "*")

    def _command(self, java: str) -> list[str]:
        heap = self.s.kb_neo4j_heap
        return [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            f"-Dkb.home={self.home}",  # marks the process as ours for this data folder
            "-cp",
            self._classpath(),
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]

    def _set_initial_password(self, java: str) -> None:
        password = self.s.password()
        if not password:
            raise LocalNeo4jError(f"No password: set NEO4J_PASSWORD or let kb generate {self.s.password_file}.")
        self._admin(java, ["dbms", "set-initial-password", password], "set the initial password", secret=password)

    # ------------------------------------------------------------------ neo4j-admin
    def admin(self, args: list[str], what: str) -> str:
        """Run neo4j-admin (org.neo4j.cli.AdminTool) on this home, e.g. ["database", "dump", ...]; its output.

        The conf is written first, so the tool sees the folders the server uses. Some
        commands (dump, load) need the server stopped. Raises LocalNeo4jError with
        the tool's output, saying it could not `what`.
        """
        java = self.java()
        self.ensure_jars()
        self._lay_out()
        return self._admin(java, args, what)

    def _admin(self, java: str, args: list[str], what: str, secret: str | None = None) -> str:
        proc = subprocess.run(
            [java, "-cp", self._classpath(), "org.neo4j.cli.AdminTool", *args],
            env=self._env(),
            cwd=self.home,
            capture_output=True,
            text=True,
            umask=PRIVATE_UMASK,
        )
        output = proc.stdout + proc.stderr
        if secret:
            output = output.replace(secret, "********")
        if proc.returncode != 0:
            raise LocalNeo4jError(f"neo4j-admin could not {what}:\n{output.strip()[-2000:]}")
        return output

    # ------------------------------------------------------------------ stop, logs
    def stop(self, timeout: float = 60.0) -> bool:
        """Stop our server; True if one was running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _pid_alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL the server, as a crash would (for fault tests)."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _pid_alive(pid):
                time.sleep(0.05)
            self.pid_file.unlink(missing_ok=True)

    def log_tail(self, lines: int = 50) -> str:
        parts = []
        for path in (self.logs_dir / "neo4j.log", self.console_log):
            text = _read(path).rstrip()
            if text:
                parts.append(f"--- {path}\n" + "\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts) or f"(no logs yet in {self.logs_dir})"


def make_private(home: Path) -> None:
    """Folders 0700 and files 0600 under `home` (the server's stores, logs, conf, password, dumps)."""
    home.chmod(PRIVATE_DIR)
    for folder, dirs, files in os.walk(home):
        for d in dirs:
            _chmod(Path(folder) / d, PRIVATE_DIR)
        for f in files:
            _chmod(Path(folder) / f, PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:
        pass  # gone meanwhile (a log rotated), or not ours to change


def parse_java_major(version_output: str) -> int | None:
    """'openjdk version "17.0.15"' -> 17; 'java version "1.8.0_392"' -> 8."""
    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) counts as dead.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _is_our_process(pid: int, home: Path) -> bool:
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"-Dkb.home={home}".encode() in cmdline


def _read(path: Path, offset: int = 0) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def new_password() -> str:
    """32 random letters and digits: no leading '-' that neo4j-admin would read as an option (token_urlsafe's
    alphabet has one, and 1 start in 64 failed), nothing a shell or a conf file would quote."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (for servers of tests and benchmarks)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

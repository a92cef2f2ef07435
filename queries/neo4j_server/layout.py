"""Describes the project's Neo4j server on disk: where its files live, its neo4j.conf, its JVM command.

Pure: nothing here touches the file system or starts a process, so the command line a test
or a reviewer sees is exactly the one `start` runs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from policykg.settings import Neo4jSettings

POM = Path(__file__).with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
LOOPBACK = "127.0.0.1"

# Neo4j 5.26 supports these Java feature releases (Operations Manual, "System requirements").
SUPPORTED_JAVA = (17, 21)

# The options Neo4j's own launcher passes for 5.26 on Java 17+, minus the ones that only tune
# production servers (AlwaysPreTouch would touch the whole heap before the first query).
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


@dataclass(frozen=True)
class ServerConfig:
    """What a user may choose about the server; the defaults are the documented ones."""

    bolt_port: int = 7687
    http_port: int = 7474
    user: str = Neo4jSettings.user
    password: str = Neo4jSettings.password
    heap: str = "512m"
    pagecache: str = "256m"

    @property
    def uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.bolt_port}"


@dataclass(frozen=True)
class ServerLayout:
    """The server's files under `$POLICYKG_HOME/neo4j/` (Neo4j's own home-directory layout)."""

    root: Path

    @classmethod
    def under(cls, policykg_home: Path) -> "ServerLayout":
        return cls(Path(policykg_home).expanduser().resolve() / "neo4j")

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def auth_file(self) -> Path:
        """Written by `neo4j-admin dbms set-initial-password`; its presence means the password is set."""
        return self.data_dir / "dbms" / "auth.ini"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def user_log(self) -> Path:
        return self.logs_dir / "neo4j.log"

    @property
    def console_log(self) -> Path:
        """The JVM's stdout and stderr (crashes before logging starts land here)."""
        return self.logs_dir / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.root / "run" / "neo4j.pid"

    @property
    def classpath_file(self) -> Path:
        return self.root / "classpath.json"


def neo4j_version(pom_text: str) -> str:
    """The `neo4j.version` property of the server's pom.xml."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.fromstring(pom_text).find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise ValueError("pom.xml has no <neo4j.version> property")
    return node.text.strip()


def render_conf(config: ServerConfig) -> str:
    """neo4j.conf for a loopback-only development server with authentication on."""
    return "\n".join(
        [
            "# Written by policykg neo4j-server start; edits are overwritten on the next start.",
            f"server.default_listen_address={LOOPBACK}",
            f"server.bolt.listen_address={LOOPBACK}:{config.bolt_port}",
            f"server.http.listen_address={LOOPBACK}:{config.http_port}",
            # Advertised too: neo4j:// routing tables and the Browser's discovery use these, and
            # would otherwise name the default ports even when the server listens elsewhere.
            f"server.bolt.advertised_address={LOOPBACK}:{config.bolt_port}",
            f"server.http.advertised_address={LOOPBACK}:{config.http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.pagecache.size={config.pagecache}",
            # A development server has no business calling home, nor its Browser sending analytics.
            "dbms.usage_report.enabled=false",
            "client.allow_telemetry=false",
            # Bolt otherwise idles through two 5 s quiet periods on every stop (5.26 internal settings).
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
            "internal.server.bolt.connection_shutdown_wait_time=0s",
            "",
        ]
    )


_LISTEN = re.compile(r"^server\.(bolt|http)\.listen_address=[^:\s]*:(\d+)\s*$", re.MULTILINE)


def read_ports(conf_text: str) -> dict[str, int]:
    """The Bolt and HTTP ports a rendered neo4j.conf listens on, as {"bolt": 7687, "http": 7474}."""
    return {kind: int(port) for kind, port in _LISTEN.findall(conf_text)}


def server_command(java: Path, classpath: list[Path], layout: ServerLayout, config: ServerConfig) -> list[str]:
    """The JVM command line that runs the server in the foreground of its own process."""
    return [
        str(java),
        f"-Xms{config.heap}",
        f"-Xmx{config.heap}",
        *JVM_OPTIONS,
        "-cp",
        ":".join(str(jar) for jar in classpath),
        ENTRY_POINT,
        f"--home-dir={layout.root}",
        f"--config-dir={layout.conf_dir}",
    ]


def set_password_command(java: Path, classpath: list[Path], config: ServerConfig) -> list[str]:
    """`neo4j-admin dbms set-initial-password`, run before the first start (needs NEO4J_HOME/NEO4J_CONF)."""
    return [
        str(java),
        "-cp",
        ":".join(str(jar) for jar in classpath),
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        config.password,
    ]

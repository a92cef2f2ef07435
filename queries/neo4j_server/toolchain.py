"""Finds the JDK and resolves Neo4j's jars with Maven, once, caching the class path.

The class path is cached in `$POLICYKG_HOME/neo4j/classpath.json` with the sha256 of the
pom.xml it came from, so a warm start runs no Maven at all and a version change in the pom
resolves again. The jars themselves stay in Maven's local repository (~/.m2 by default),
which is what CI caches.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping

from policykg.errors import ConfigurationError, StoreUnavailable
from policykg.queries.neo4j_server.layout import POM, SUPPORTED_JAVA

_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')
MAVEN_TIMEOUT_S = 900


def find_java(environ: Mapping[str, str]) -> Path:
    """The `java` of JAVA_HOME, else the one on PATH; it must be a Java Neo4j 5.26 supports."""
    java_home = environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        origin = f"JAVA_HOME={java_home}"
        if not java.is_file():
            raise ConfigurationError(f"{origin} has no bin/java; point JAVA_HOME at a JDK 17 or 21", field="JAVA_HOME")
    else:
        found = shutil.which("java", path=environ.get("PATH"))
        if found is None:
            raise ConfigurationError("no Java found: install a JDK 17 or 21, or set JAVA_HOME", field="JAVA_HOME")
        java, origin = Path(found), f"java on PATH ({found})"
    major = java_feature_version(java)
    if major not in SUPPORTED_JAVA:
        raise ConfigurationError(
            f"{origin} is Java {major}; Neo4j 5.26 needs Java {' or '.join(map(str, SUPPORTED_JAVA))}: "
            "set JAVA_HOME to such a JDK",
            field="JAVA_HOME",
        )
    return java


def java_feature_version(java: Path) -> int:
    """The feature release (8, 17, 21, 25) that `java -version` reports."""
    result = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=60)
    match = _VERSION.search(result.stderr)
    if result.returncode != 0 or match is None:
        raise ConfigurationError(f"{java} -version failed: {result.stderr.strip()[:200]}", field="JAVA_HOME")
    first, second = int(match.group(1)), int(match.group(2) or 0)
    return second if first == 1 else first


def neo4j_classpath(cache: Path, environ: Mapping[str, str]) -> list[Path]:
    """The jars that run the server: from the cache if still valid, else resolved by Maven."""
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    cached = _read_cache(cache, digest)
    if cached is not None:
        return cached
    jars = resolve_with_maven(environ)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"pom_sha256": digest, "classpath": [str(j) for j in jars]}, indent=1))
    return jars


def _read_cache(cache: Path, digest: str) -> list[Path] | None:
    try:
        recorded = json.loads(cache.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.get("pom_sha256") != digest:
        return None
    jars = [Path(j) for j in recorded.get("classpath", [])]
    # A cleaned ~/.m2 invalidates the cache: resolve again rather than start with missing jars.
    return jars if jars and all(j.is_file() for j in jars) else None


def resolve_with_maven(environ: Mapping[str, str]) -> list[Path]:
    """Runs `mvn dependency:build-classpath` on the pom; downloads from Maven Central on first use."""
    mvn = shutil.which("mvn", path=environ.get("PATH"))
    if mvn is None:
        raise ConfigurationError("Maven (mvn) is not on PATH; install Maven 3.6 or newer", field="PATH")
    with tempfile.TemporaryDirectory(prefix="policykg-mvn-") as tmp:
        out = Path(tmp) / "classpath.txt"
        command = [
            mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM),
            "dependency:build-classpath", f"-Dmdep.outputFile={out}", "-Dmdep.pathSeparator=:",
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, env=dict(environ), cwd=tmp, timeout=MAVEN_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            raise StoreUnavailable(f"Maven did not resolve {POM} within {MAVEN_TIMEOUT_S} s") from None
        if result.returncode != 0 or not out.is_file():
            raise StoreUnavailable(f"Maven could not resolve the Neo4j jars of {POM}: {_maven_error(result)}")
        return [Path(p) for p in out.read_text().strip().split(":") if p]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _maven_error(result: subprocess.CompletedProcess[str]) -> str:
    """Maven's first non-empty [ERROR] line (Debian's Maven colours output even in batch mode)."""
    lines = [_ANSI.sub("", line).strip() for line in (result.stdout + result.stderr).splitlines()]
    errors = [line.removeprefix("[ERROR]").strip() for line in lines if line.startswith("[ERROR]")]
    return next((e for e in errors + lines if e), f"mvn exited with status {result.returncode}")

"""Runs the project's own Neo4j Community server on loopback, for development, CI and the demo.

Neo4j comes from Maven Central (pom.xml beside this file), its data and logs live under
`$POLICYKG_HOME/neo4j/`. Users with their own Neo4j point NEO4J_URI at it instead
(docs/neo4j-server.md).
"""

from policykg.queries.neo4j_server.layout import ServerConfig, ServerLayout
from policykg.queries.neo4j_server.lifecycle import ServerInfo, ServerStatus, start, status, stop

__all__ = ["ServerConfig", "ServerInfo", "ServerLayout", "ServerStatus", "start", "status", "stop"]

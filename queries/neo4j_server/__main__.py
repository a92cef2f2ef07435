"""`python -m policykg.queries.neo4j_server start|stop|status`: the same commands as `policykg neo4j-server`."""

from policykg.queries.neo4j_server.cli import neo4j_server

neo4j_server(prog_name="neo4j-server")

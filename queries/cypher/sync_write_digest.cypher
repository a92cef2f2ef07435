// sync_write_digest: record the digest of the rows a sync has written, or ($digest null)
// forget it before anything else writes the :Resource graph.
// params:  $digest, $nodes, $relationships
// returns: -
MERGE (s:SyncDigest {graph: "resource"})
SET s.digest = $digest, s.nodes = $nodes, s.relationships = $relationships, s.written = datetime()

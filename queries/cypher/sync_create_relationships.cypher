// sync_create_relationships: create relationships the graph lacks; types come from
// sync.RELATIONSHIP_TYPES only. CREATE, not MERGE: the sync plans from what it read, and
// MERGE with a dynamic type cost 24-87 times as much, growing with degree (docs/benchmarks-neo4j.md).
// params:  $rows (list of {start, type, end, inferred})
// returns: -
UNWIND $rows AS row
MATCH (a:Resource {uri: row.start})
MATCH (b:Resource {uri: row.end})
CREATE (a)-[:$(row.type) {inferred: row.inferred}]->(b)

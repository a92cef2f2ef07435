// event_write: write one record as events.event_graph gives it, through the sync mapping.
// The nodes the record owns (event, officials, posts, transitions) are set whole; the nodes it
// only refers to (its agency, role concepts) are merged by uri and never changed, so that a
// record cannot alter what the policy graph says. Types come from sync.RELATIONSHIP_TYPES only.
// params:  $references, $nodes, $relationships (lists: uris; {uri, labels, properties}; {start, type, end, inferred})
// returns: -
UNWIND $references AS uri
MERGE (:Resource {uri: uri})
WITH count(*) AS referenced
UNWIND $nodes AS row
MERGE (n:Resource {uri: row.uri})
SET n = row.properties
SET n:$(row.labels)
WITH count(*) AS written
UNWIND $relationships AS row
MATCH (a:Resource {uri: row.start})
MATCH (b:Resource {uri: row.end})
MERGE (a)-[r:$(row.type)]->(b)
SET r.inferred = row.inferred

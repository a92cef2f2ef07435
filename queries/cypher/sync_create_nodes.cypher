// sync_create_nodes: create nodes the graph lacks (the plan read that no node has their uri),
// with their properties and labels. CREATE, not MERGE: nothing to look up first. Labels come
// from sync.CLASS_LABELS only.
// params:  $rows (list of {uri, labels, stale, properties})
// returns: -
UNWIND $rows AS row
CREATE (n:Resource)
SET n = row.properties
SET n:$(row.labels)

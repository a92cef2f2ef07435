// sync_merge_nodes: create or overwrite nodes: all properties replaced, labels set, labels
// the snapshot no longer gives removed. Labels come from sync.CLASS_LABELS only.
// params:  $rows (list of {uri, labels, stale, properties})
// returns: -
UNWIND $rows AS row
MERGE (n:Resource {uri: row.uri})
SET n = row.properties
WITH n, row
REMOVE n:$(row.stale)
SET n:$(row.labels)

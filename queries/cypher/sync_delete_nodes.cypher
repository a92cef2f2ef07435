// sync_delete_nodes: delete nodes the snapshot no longer holds, with their relationships.
// params:  $rows (list of {uri})
// returns: -
UNWIND $rows AS row
MATCH (n:Resource {uri: row.uri})
DETACH DELETE n

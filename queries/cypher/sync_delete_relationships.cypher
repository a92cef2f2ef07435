// sync_delete_relationships: delete every relationship of the given type between two nodes.
// params:  $rows (list of {start, type, end})
// returns: -
UNWIND $rows AS row
MATCH (a:Resource {uri: row.start})-[r:$(row.type)]->(b:Resource {uri: row.end})
DELETE r

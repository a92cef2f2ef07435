// sync_update_relationships: set the inferred flag of existing relationships.
// params:  $rows (list of {start, type, end, inferred})
// returns: -
UNWIND $rows AS row
MATCH (:Resource {uri: row.start})-[r:$(row.type)]->(:Resource {uri: row.end})
SET r.inferred = row.inferred

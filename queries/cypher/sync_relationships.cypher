// sync_relationships: every relationship between two mapped nodes, with its inferred flag.
// params:  -
// returns: start, type, end, inferred
MATCH (a:Resource)-[r]->(b:Resource)
RETURN a.uri AS start, type(r) AS type, b.uri AS end, r.inferred AS inferred

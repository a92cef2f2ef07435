// sync_nodes: every node the RDF mapping owns, with its labels and properties, so that a
// sync can compare the database with the snapshot.
// params:  -
// returns: uri, labels, properties
MATCH (n:Resource)
RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS properties

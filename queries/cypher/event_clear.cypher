// event_clear: before a record is written again (a correction may change its persons or its
// agency), remove its officials, their posts and its associations; its transitions stay.
// params:  $event (IRI, events.event_iri)
// returns: -
MATCH (e:Resource {uri: $event})
OPTIONAL MATCH (e)-[:WAS_ASSOCIATED_WITH]->(o:Official)
OPTIONAL MATCH (o)-[:HOLDS]->(p:Post)
DETACH DELETE o, p
WITH DISTINCT e
OPTIONAL MATCH (e)-[r:WAS_ASSOCIATED_WITH]->()
DELETE r

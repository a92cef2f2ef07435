// event_persons: the officials named on records, each with the post (role) they held.
// params:  $event, $name (an IRI and a string; both optional: null means every record, any name)
// returns: event_id, step, name, role_code, role
MATCH (e:DishonestyEvent)-[:WAS_ASSOCIATED_WITH]->(o:Official)-[:HOLDS]->(:Post)-[:ROLE]->(concept:Resource)
WHERE ($event IS NULL OR e.uri = $event) AND ($name IS NULL OR o.personName = $name)
RETURN e.id AS event_id, o.step AS step, o.personName AS name, concept.notation AS role_code, concept.prefLabel AS role
ORDER BY event_id, step

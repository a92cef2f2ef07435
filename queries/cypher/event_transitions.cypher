// event_transitions: every status change of records, in the order made; none is ever removed.
// params:  $event (IRI; optional: null means every record)
// returns: event_id, step, from_status, to_status, actor, reason, at, data, basis
MATCH (e:DishonestyEvent)-[:HAS_TRANSITION]->(t:RecordTransition)
WHERE $event IS NULL OR e.uri = $event
RETURN e.id AS event_id, t.step AS step, t.fromStatus AS from_status, t.toStatus AS to_status,
       t.actor AS actor, t.reason AS reason, t.recordedAt AS at, t.eventData AS data,
       t.transitionBasis AS basis
ORDER BY event_id, step

// events: stored dishonesty records, one row each, in the order recorded.
// params:  $event (IRI, events.event_iri; optional: null means every record)
// returns: event_id, occurred_on, recognised_on, jurisdiction_code, subject_kind, subject_name, agency_name, status, recorded_at, recorded_by, data
MATCH (e:DishonestyEvent)
WHERE $event IS NULL OR e.uri = $event
RETURN e.id AS event_id, e.occurredOn AS occurred_on, e.recognisedOn AS recognised_on,
       e.jurisdictionCode AS jurisdiction_code, e.subjectKind AS subject_kind, e.subjectName AS subject_name,
       e.agencyName AS agency_name, e.recordStatus AS status, e.recordedAt AS recorded_at,
       e.actor AS recorded_by, e.eventData AS data
ORDER BY recorded_at, event_id

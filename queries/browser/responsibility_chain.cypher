// Responsibility chain of an event
// Persons to posts to agency to jurisdiction, then the clauses that bind the agency and the
// sanctions those clauses name. Answers once events are stored (issue 5); the shape is the
// one docs/neo4j-mapping.md gives for DishonestyEvent, Official and Post.
// First: :param event => "<event id>"
MATCH (e:DishonestyEvent {id: $event})
OPTIONAL MATCH chain = (e)-[:WAS_ASSOCIATED_WITH]->(:Official)-[:HOLDS]->(:Post)-[:POST_IN]->(a:Agency)-[:IN_JURISDICTION]->(:Jurisdiction)
OPTIONAL MATCH binding = (a)<-[:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]-(:Clause)-[:HAS_SANCTION_MENTION]->(:SanctionMention)-[:SANCTION]->(:Concept)
RETURN e, chain, binding

// schema: the constraints and indexes a sync creates first; every statement is idempotent.
// params:  -
// returns: -
// n10s convention: every node that stands for an IRI is a :Resource with a unique uri.
CREATE CONSTRAINT resource_uri IF NOT EXISTS FOR (n:Resource) REQUIRE n.uri IS UNIQUE;
// The one node that keeps the digest of the last complete sync (cypher/sync_digest.cypher).
CREATE CONSTRAINT sync_digest_graph IF NOT EXISTS FOR (n:SyncDigest) REQUIRE n.graph IS UNIQUE;
// The API ids, for Browser users who look things up as the API names them.
CREATE INDEX policy_id IF NOT EXISTS FOR (n:Policy) ON (n.id);
CREATE INDEX clause_id IF NOT EXISTS FOR (n:Clause) ON (n.id);
CREATE INDEX agency_id IF NOT EXISTS FOR (n:Agency) ON (n.id);
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.prefLabel);
CREATE INDEX concept_notation IF NOT EXISTS FOR (n:Concept) ON (n.notation);
CREATE INDEX jurisdiction_adcode IF NOT EXISTS FOR (n:Jurisdiction) ON (n.adcode);
CREATE INDEX policy_loaded IF NOT EXISTS FOR (n:Policy) ON (n.loaded);

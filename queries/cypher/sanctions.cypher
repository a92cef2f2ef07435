// sanctions: the sanction vocabulary (ontology/vocab/sanctions.ttl), each sanction with the
// clauses that mention it; a sanction no loaded clause mentions has one row with null clause.
// params:  -
// returns: code, label, label_en, target, policy_id, policy_title, clause_id, path, quote
MATCH (sanction:Resource)-[:IN_SCHEME]->(:Resource {uri: "https://w3id.org/policykg/ontology#Sanctions"})
WHERE sanction.notation IS NOT NULL AND sanction.prefLabel IS NOT NULL
OPTIONAL MATCH (sanction)-[:TARGET_KIND]->(target:Resource)
OPTIONAL MATCH (c:Resource)-[:HAS_SANCTION_MENTION]->(mention:Resource)-[:SANCTION]->(sanction),
               (c)-[:IN_POLICY]->(p:Resource)
WHERE c.id IS NOT NULL AND c.path IS NOT NULL AND mention.quote IS NOT NULL
  AND p.id IS NOT NULL AND p.title IS NOT NULL
RETURN sanction.notation AS code, sanction.prefLabel AS label, sanction.prefLabel_en AS label_en,
       toLower(split(target.uri, "#")[1]) AS target, p.id AS policy_id, p.title AS policy_title,
       c.id AS clause_id, c.path AS path, mention.quote AS quote
ORDER BY code, policy_id, clause_id

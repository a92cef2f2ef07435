// Sanctions a clause prescribes
// The clause, the sentences in it that name a sanction, the sanction concepts and whom
// they target (organisation or person), as a graph.
// First: :param clause => "zhanqian-2024/5.2"
MATCH mentioned = (c:Clause {id: $clause})-[:HAS_SANCTION_MENTION]->(:SanctionMention)-[:SANCTION]->(s:Concept)
OPTIONAL MATCH target = (s)-[:TARGET_KIND]->(:Resource)
RETURN mentioned, target

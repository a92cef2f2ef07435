// Obligations of an agency
// Every clause that names the agency (canonical name or an alias as written) as lead,
// cooperating or responsible unit, across every loaded policy, with the clause text.
// First: :param agency => "区财政局"
MATCH (a:Agency)
WHERE a.prefLabel = $agency OR $agency IN coalesce(a.altLabel, [])
MATCH (a)<-[r:LEAD_AGENCY|COOPERATING_AGENCY|RESPONSIBLE_AGENCY]-(c:Clause)-[:IN_POLICY]->(p:Policy)
RETURN a.prefLabel AS agency, toLower(split(type(r), "_")[0]) AS role, p.title AS policy,
       c.id AS clause, c.path AS path, c.heading AS heading, c.text AS text
ORDER BY p.id, c.ordinal, role

// stakeholders: the people of one account and who of ours knows them.
// Purpose:    for an account (company or department): its active stakeholders (working at it
//             or in any department beneath it), their titles and roles, and our owners who
//             have a relationship record with each, strongest first.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's
//             as_of). Everything is as it stood that day (docs/analytics.md, "As of D"):
//             a subscription is active iff it has started (no start, or start <= $as_of) and,
//             with an end, $as_of < end, else its status is 'active'; a stakeholder is active
//             iff, with a left_on, $as_of < left_on, else their status is 'active'; an
//             opportunity is open iff created (no date, or created <= $as_of) and its status
//             is 'open' or it closes on or after $as_of; touchpoints count up to $as_of.
//             $account (string): the company or department id.
// Columns:    id, name, title, roles, owners
MATCH (a:Account {dataset: $dataset, key: $account})
MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(unit:Account)
WHERE (unit = a OR (unit)-[:PART_OF*1..]->(a))
  AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END
WITH DISTINCT s
OPTIONAL MATCH (o:Owner)-[r:RELATES_TO]->(s)
WITH s, o, r ORDER BY r.strength DESC, o.id
RETURN s.id AS id, s.name AS name, s.title AS title, coalesce(s.roles, []) AS roles,
       [x IN collect(o.id) WHERE x IS NOT NULL] AS owners
ORDER BY id

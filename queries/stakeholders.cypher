// stakeholders: the people of one account and who of ours knows them.
// Purpose:    for an account (company or department): its active stakeholders (working at it
//             or in any department beneath it), their titles and roles, and our owners who
//             have a relationship record with each, strongest first.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $account (string): the company or department id.
// Columns:    id, name, title, roles, owners
MATCH (a:Account {dataset: $dataset, key: $account})
MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(a)
WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
WITH DISTINCT s
OPTIONAL MATCH (o:Owner)-[r:RELATES_TO]->(s)
WITH s, o, r ORDER BY r.strength DESC, o.id
RETURN s.id AS id, s.name AS name, s.title AS title, coalesce(s.roles, []) AS roles,
       [x IN collect(o.id) WHERE x IS NOT NULL] AS owners
ORDER BY id

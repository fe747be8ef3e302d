// stakeholders: the people of one account and who of ours knows them.
// Purpose:    for an account (company or department): its active stakeholders (working at it
//             or in any department beneath it), their titles and roles, and our owners who
//             have a relationship record with each, strongest first.
// {{parameters}}
//             $account (string): the company or department id.
// Columns:    id, name, title, roles, owners
MATCH (a:Account {dataset: $dataset, key: $account})
MATCH {{belongs_to(s, a)}}
WHERE {{person_active(s)}}
WITH DISTINCT s
OPTIONAL MATCH (o:Owner)-[r:RELATES_TO]->(s)
WITH s, o, r ORDER BY r.strength DESC, o.id
RETURN s.id AS id, s.name AS name, s.title AS title, coalesce(s.roles, []) AS roles,
       [x IN collect(o.id) WHERE x IS NOT NULL] AS owners
ORDER BY id

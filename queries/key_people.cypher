// key_people: key-person risk, computed inside Neo4j (`accountmap threads --by person`).
// Purpose:    for each stakeholder and owner, the MRR and pipeline of revenue accounts where
//             that person is the only covered stakeholder (or the only paired owner), and
//             those accounts. Definitions as in threads.cypher.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
// Columns:    id, kind, name, mrr_at_risk, pipeline_at_risk, accounts
MATCH (r:Account {dataset: $dataset})
WHERE NOT EXISTS { MATCH (r)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
CALL (r) {
  MATCH (r)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
  UNWIND ([r] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(r) WHERE all(n IN nodes(held_path) WHERE n = r OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN count(x) AS subscriptions, coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS mrr
}
CALL (r) {
  UNWIND ([r] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(r) WHERE all(n IN nodes(held_path) WHERE n = r OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE ((o.created IS NULL OR o.created <= $as_of) AND (o.status = 'open' OR coalesce(o.close_date >= $as_of, false)))
  RETURN count(o) AS opportunities, coalesce(sum(o.amount), 0.0) AS pipeline
}
WITH r, mrr, pipeline WHERE subscriptions > 0 OR opportunities > 0
CALL (r) {
  MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(r)
  WHERE (((s.joined_on IS NULL OR s.joined_on <= $as_of) AND CASE WHEN s.left_on IS NULL THEN s.status = 'active' ELSE $as_of < s.left_on END) AND NOT EXISTS { MATCH (s)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })
  WITH DISTINCT s
  WITH s, ([(pair_owner:Owner)-[:RELATES_TO]->(s) | pair_owner] + [(pair_owner:Owner)<-[:ATTENDED_BY]-(pair_touch)-[:ATTENDED_BY]->(s) WHERE pair_touch.date <= $as_of | pair_owner]) AS paired, head([person_path = (s)-[:SAME_PERSON_AS*0..]->(person_root:Stakeholder) WHERE all(n IN nodes(person_path) WHERE (((n.joined_on IS NULL OR n.joined_on <= $as_of) AND CASE WHEN n.left_on IS NULL THEN n.status = 'active' ELSE $as_of < n.left_on END) AND NOT EXISTS { MATCH (n)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) })) AND NOT EXISTS { MATCH (person_root)-[:SAME_PERSON_AS]->(person_up:Stakeholder) WHERE (((person_up.joined_on IS NULL OR person_up.joined_on <= $as_of) AND CASE WHEN person_up.left_on IS NULL THEN person_up.status = 'active' ELSE $as_of < person_up.left_on END) AND NOT EXISTS { MATCH (person_up)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }) } | person_root]) AS person
  WHERE size(paired) > 0
  UNWIND paired AS o
  RETURN collect(DISTINCT person) AS people, collect(DISTINCT o) AS owners
}
UNWIND [g IN [people, owners] WHERE size(g) = 1 | g[0]] AS person
WITH person, r, mrr, pipeline ORDER BY r.id
WITH person, sum(mrr) AS mrr_at_risk, sum(pipeline) AS pipeline_at_risk,
     collect(r.id) AS accounts
RETURN person.id AS id, CASE WHEN person:Owner THEN 'owner' ELSE 'stakeholder' END AS kind,
       person.name AS name, round(mrr_at_risk, 2) AS mrr_at_risk,
       round(pipeline_at_risk, 2) AS pipeline_at_risk, accounts
ORDER BY mrr_at_risk DESC, id

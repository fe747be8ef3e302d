// key_people: key-person risk, computed inside Neo4j (`accountmap threads --by person`).
// Purpose:    for each stakeholder and owner, the MRR and pipeline of revenue accounts where
//             that person is the only covered stakeholder (or the only paired owner), and
//             those accounts. Definitions as in threads.cypher.
// {{parameters}}
// Columns:    id, kind, name, mrr_at_risk, pipeline_at_risk, accounts
MATCH (r:Account {dataset: $dataset})
WHERE {{account_exists(r)}}
CALL (r) {
  MATCH (r)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g:Group)
  UNWIND {{held_units(r)}} AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE {{subscription_active(x)}}
  RETURN count(x) AS subscriptions, coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS mrr
}
CALL (r) {
  UNWIND {{held_units(r)}} AS u
  OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE {{opportunity_open(o)}}
  RETURN count(o) AS opportunities, coalesce(sum(o.amount), 0.0) AS pipeline
}
WITH r, mrr, pipeline WHERE subscriptions > 0 OR opportunities > 0
CALL (r) {
  MATCH {{belongs_to(s, r)}}
  WHERE {{person_active(s)}}
  WITH DISTINCT s
  WITH s, {{pair_owners(s)}} AS paired, {{person_of(s)}} AS person
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

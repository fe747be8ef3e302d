// accounts: every company and department of a dataset with its people, owners and revenue.
// Purpose:    a quick look at the book of business inside Neo4j: per account (company or
//             department), the group, active stakeholders working there (directly), owners
//             assigned to it, active MRR and open pipeline directly on it.
// {{parameters}}
//             $group (string, default null): only this group's accounts.
// Columns:    id, kind, name, group, stakeholders, assigned_owners, mrr, pipeline
MATCH (a:Account {dataset: $dataset})
OPTIONAL MATCH (a)-[:PART_OF*0..]->(c:Company)-[:IN_GROUP]->(g:Group)
WITH a, g
WHERE ($group IS NULL OR g.id = $group) AND {{account_exists(a)}}
CALL (a) {
  OPTIONAL MATCH (s:Stakeholder)-[:WORKS_AT|WORKS_IN]->(a)
  WHERE {{person_active(s)}}
  WITH DISTINCT s
  RETURN count(s) AS stakeholders
}
CALL (a) {
  OPTIONAL MATCH (o:Owner)-[:ASSIGNED_TO]->(a)
  RETURN collect(DISTINCT o.id) AS assigned_owners
}
CALL (a, g) {
  UNWIND {{held_units(a)}} AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE {{subscription_active(x)}}
  RETURN coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS mrr
}
CALL (a) {
  UNWIND {{held_units(a)}} AS u
  OPTIONAL MATCH (opp:Opportunity)-[:FOR_ACCOUNT]->(u)
  WHERE {{opportunity_open(opp)}}
  RETURN coalesce(sum(opp.amount), 0.0) AS pipeline
}
RETURN a.id AS id, CASE WHEN a:Company THEN 'company' ELSE 'department' END AS kind,
       a.name AS name, g.id AS group, stakeholders,
       [x IN assigned_owners WHERE x IS NOT NULL | x] AS assigned_owners, mrr, pipeline
ORDER BY group, id

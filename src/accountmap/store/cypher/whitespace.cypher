// whitespace: white space per group, computed inside Neo4j (same answer as `accountmap whitespace`).
// Purpose:    per group, one row per company ($level 'company') or department ($level
//             'department'); per row and product the strongest status found on the entity or
//             any department beneath it: active (3) > pipeline, an open opportunity (2) >
//             churned (1) > white (0). current_mrr is active MRR on the entity and beneath it;
//             white_space_value = max(potential_mrr - current_mrr, 0). Per group: active MRR
//             on all its accounts, entities, penetrated (rows with an active cell),
//             penetration (a fraction) and white cells.
// {{parameters}}
// Columns:    id, name, current_mrr, entities, penetrated, penetration, white_cells, rows
//             (rows: maps of id, name, current_mrr, potential_mrr, white_space_value and
//             cells, a list of [product id, status] pairs in product id order)
MATCH (g:Group {dataset: $dataset})
WHERE $group IS NULL OR g.id = $group
WITH g, COLLECT { MATCH (p:Product {dataset: $dataset}) RETURN p.id ORDER BY p.id } AS products
CALL (g) {
  MATCH (a:Account)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g)
  WHERE {{account_exists(a)}}
  UNWIND {{held_units(a)}} AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE {{subscription_active(x)}}
  RETURN coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS group_mrr
}
CALL (g, products) {
  OPTIONAL MATCH (e:Account)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g)
  WHERE (($level = 'company' AND e:Company) OR ($level = 'department' AND e:Department))
    AND {{account_exists(e)}}
  WITH e, g WHERE e IS NOT NULL
  CALL (e, g) {
    MATCH (beneath:Account)-[:PART_OF*0..]->(e)
    WHERE {{account_exists(beneath)}}
    UNWIND {{held_units(beneath)}} AS u
    OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
    WHERE {{subscription_active(x)}}
    RETURN coalesce(sum({{subscription_mrr(x, g.currency)}}), 0.0) AS current_mrr
  }
  CALL (e) {
    MATCH (beneath:Account)-[:PART_OF*0..]->(e)
    WHERE {{account_exists(beneath)}}
    UNWIND {{held_units(beneath)}} AS u
    CALL (u) {
      MATCH (u)-[x:SUBSCRIBES]->(p:Product)
      WHERE {{subscription_started(x)}}
      RETURN p.id AS product,
             CASE WHEN {{subscription_active(x)}}
               THEN 3 ELSE 1 END AS rank
      UNION ALL
      MATCH (p:Product)<-[:FOR_PRODUCT]-(o:Opportunity)-[:FOR_ACCOUNT]->(u)
      WHERE {{opportunity_open(o)}}
      RETURN p.id AS product, 2 AS rank
    }
    WITH product, max(rank) AS rank
    RETURN collect([product, rank]) AS ranks
  }
  WITH e, round(current_mrr, 2) AS current_mrr,
       round(coalesce(e.potential_mrr, 0.0), 2) AS potential_mrr,
       [p IN products | [p, reduce(best = 0, r IN ranks |
          CASE WHEN r[0] = p AND r[1] > best THEN r[1] ELSE best END)]] AS ranked
  WITH e, current_mrr, potential_mrr,
       round(CASE WHEN potential_mrr > current_mrr THEN potential_mrr - current_mrr ELSE 0.0 END,
             2) AS white_space_value,
       [c IN ranked | [c[0], ['white', 'churned', 'pipeline', 'active'][c[1]]]] AS cells
  ORDER BY white_space_value DESC, e.id
  RETURN collect({id: e.id, name: e.name, current_mrr: current_mrr,
                  potential_mrr: potential_mrr, white_space_value: white_space_value,
                  cells: cells}) AS rows
}
WITH g, group_mrr, rows,
     size([r IN rows WHERE any(c IN r.cells WHERE c[1] = 'active')]) AS penetrated,
     reduce(n = 0, r IN rows | n + size([c IN r.cells WHERE c[1] = 'white'])) AS white_cells
RETURN g.id AS id, g.name AS name, round(group_mrr, 2) AS current_mrr, size(rows) AS entities,
       penetrated,
       CASE WHEN size(rows) = 0 THEN 0.0 ELSE round(toFloat(penetrated) / size(rows), 4) END
         AS penetration,
       white_cells, rows
ORDER BY id

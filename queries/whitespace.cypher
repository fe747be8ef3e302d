// whitespace: white space per group, computed inside Neo4j (same answer as `accountmap whitespace`).
// Purpose:    per group, one row per company ($level 'company') or department ($level
//             'department'); per row and product the strongest status found on the entity or
//             any department beneath it: active (3) > pipeline, an open opportunity (2) >
//             churned (1) > white (0). current_mrr is active MRR on the entity and beneath it;
//             white_space_value = max(potential_mrr - current_mrr, 0). Per group: active MRR
//             on all its accounts, entities, penetrated (rows with an active cell),
//             penetration (a fraction) and white cells.
// Parameters: $dataset (string): the dataset name (the CLI fills in the only one).
//             $as_of (date): the analysis date (the CLI passes --as-of, else the dataset's as_of);
//             every record is as it stood that day (docs/analytics.md, "As of D"; the rules are the
//             fragments of src/accountmap/rules.py).
//             $fx (map): the book's fx_rates, currency -> units of the group's currency (the CLI
//             fills them in from the dataset); amounts are summed in each group's currency.
//             $level (string, default company): Rows are the group's companies or its departments.
//             $group (string, default null): Only this group.
// Columns:    id, name, current_mrr, entities, penetrated, penetration, white_cells, rows
//             (rows: maps of id, name, current_mrr, potential_mrr, white_space_value and
//             cells, a list of [product id, status] pairs in product id order)
MATCH (g:Group {dataset: $dataset})
WHERE $group IS NULL OR g.id = $group
WITH g, COLLECT { MATCH (p:Product {dataset: $dataset}) RETURN p.id ORDER BY p.id } AS products
CALL (g) {
  MATCH (a:Account)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g)
  WHERE NOT EXISTS { MATCH (a)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
  UNWIND ([a] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(a) WHERE all(n IN nodes(held_path) WHERE n = a OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
  OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
  WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
  RETURN coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS group_mrr
}
CALL (g, products) {
  OPTIONAL MATCH (e:Account)-[:PART_OF*0..]->(:Company)-[:IN_GROUP]->(g)
  WHERE (($level = 'company' AND e:Company) OR ($level = 'department' AND e:Department))
    AND NOT EXISTS { MATCH (e)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
  WITH e, g WHERE e IS NOT NULL
  CALL (e, g) {
    MATCH (beneath:Account)-[:PART_OF*0..]->(e)
    WHERE NOT EXISTS { MATCH (beneath)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
    UNWIND ([beneath] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(beneath) WHERE all(n IN nodes(held_path) WHERE n = beneath OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
    OPTIONAL MATCH (u)-[x:SUBSCRIBES]->(:Product)
    WHERE ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
    RETURN coalesce(sum((CASE WHEN x.currency IS NULL OR x.currency = g.currency THEN x.mrr ELSE round(x.mrr * $fx[x.currency], 2) END)), 0.0) AS current_mrr
  }
  CALL (e) {
    MATCH (beneath:Account)-[:PART_OF*0..]->(e)
    WHERE NOT EXISTS { MATCH (beneath)-[:PART_OF*0..]->(unit_up:Account) WHERE NOT ((unit_up.joined_group_on IS NULL OR unit_up.joined_group_on <= $as_of) AND (unit_up.left_group_on IS NULL OR $as_of < unit_up.left_group_on) AND (unit_up.created_on IS NULL OR unit_up.created_on <= $as_of) AND (unit_up.closed_on IS NULL OR $as_of < unit_up.closed_on)) }
    UNWIND ([beneath] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]->(beneath) WHERE all(n IN nodes(held_path) WHERE n = beneath OR n:Department OR n.left_group_on <= $as_of) | held_unit]) AS u
    CALL (u) {
      MATCH (u)-[x:SUBSCRIBES]->(p:Product)
      WHERE (x.start IS NULL OR x.start <= $as_of)
      RETURN p.id AS product,
             CASE WHEN ((x.start IS NULL OR x.start <= $as_of) AND CASE WHEN x.end IS NULL THEN x.status = 'active' ELSE $as_of < x.end END)
               THEN 3 ELSE 1 END AS rank
      UNION ALL
      MATCH (p:Product)<-[:FOR_PRODUCT]-(o:Opportunity)-[:FOR_ACCOUNT]->(u)
      WHERE ((o.created IS NULL OR o.created <= $as_of) AND (o.status = 'open' OR coalesce(o.close_date >= $as_of, false)))
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

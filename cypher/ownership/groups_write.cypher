// Sets (or, with a null group, removes) the supplier group of companies: companies one
// person or company controls are one supplier for split-contracts and supplier-concentration.
UNWIND $rows AS row
MATCH (c:Entity {id: row.company})
SET c.supplier_group = row.supplier_group

// People on family ties or identity links, with what naming a relation needs.
MATCH (p:Person)
WHERE (p)-[:PARENT_OF|SPOUSE_OF|SIBLING_OF|SAME_AS]-()
RETURN p.id AS id, coalesce(p.gender, p.gender_from_kinship) AS gender,
       toString(p.birth_date) AS birth_date, p:Official AS official

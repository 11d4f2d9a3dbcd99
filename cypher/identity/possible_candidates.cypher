// Candidate pairs for possible identity links, found through blocking keys only (never all
// pairs): a shared phone, a shared full address, or the same birth date with the same first
// character of the name (a surname). guanxi scores the candidates' names (Jaro-Winkler over
// normalised names and over pinyin) and keeps the likely ones. Left out here already:
// - pairs already certainly linked, and pairs the certain rules link by their properties
//   (the same valid ID number; the same name and birth date). Testing the properties too
//   lets this read run beside the certain-link writes and still give the same answer;
// - pairs with conflicting valid ID numbers;
// - pairs a reviewer rejected (`guanxi identity reject`): never proposed again. Pairs a
//   reviewer confirmed have a `SAME_AS {basis: 'review'}` link and are left out with the
//   certain ones;
// - pairs with two known, different birth dates: two people, whatever else they share
//   (family members share an address and often a phone). Dropping them inside the phone
//   and address branches, rather than in the scorer, keeps a household's pairs on the
//   server and out of the aggregation.
MATCH (a:Person)
USING INDEX a:Person(unresolved)
WHERE a.unresolved = $run
CALL (a) {
  MATCH (b:Person {phone: a.phone})
  WHERE b <> a AND (a.birth_date IS NULL OR b.birth_date IS NULL OR b.birth_date = a.birth_date)
  RETURN b, 'phone' AS reason
  UNION
  MATCH (b:Person {address_norm: a.address_norm})
  WHERE b <> a AND (a.birth_date IS NULL OR b.birth_date IS NULL OR b.birth_date = a.birth_date)
  RETURN b, 'address' AS reason
  UNION
  MATCH (b:Person {birth_date: a.birth_date})
  WHERE b <> a AND left(b.name_norm, 1) = left(a.name_norm, 1)
  RETURN b, 'birth_date' AS reason
}
WITH a, b, collect(reason) AS reasons
// A pair of two records this resolution takes comes up from both ends: keep it once (the score is
// symmetric and the link is stored in id order).
WHERE (coalesce(b.unresolved, '') <> $run OR a.id < b.id)
  AND (a.id_number IS NULL OR b.id_number IS NULL)
  AND NOT coalesce(a.name_norm = b.name_norm AND a.birth_date = b.birth_date, false)
  AND NOT (a)-[:SAME_AS]-(b)
  AND NOT (a)-[:POSSIBLY_SAME_AS {status: 'rejected'}]-(b)
RETURN a.id AS a_id, b.id AS b_id, a.name_norm AS a_name, b.name_norm AS b_name,
       a.pinyin AS a_pinyin, b.pinyin AS b_pinyin,
       toString(a.birth_date) AS a_birth, toString(b.birth_date) AS b_birth, reasons;

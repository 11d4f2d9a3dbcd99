// id: late-deposit
// focus: payment ids. The findings of cypher/patterns/late-deposit.cypher about these payments
// only (same columns), for the follow-up scan of an ingest: an index seek per payment instead
// of every handled payment of the graph.
UNWIND $focus AS focus_id
MATCH (pay:Payment {id: focus_id})
USING INDEX pay:Payment(id)
WHERE pay.paid_on IS NOT NULL
  AND coalesce(pay.recorded_on, $as_of) > pay.paid_on + duration({days: $max_days})
MATCH (pay)-[h:HANDLED_BY]->(handler:Person)
MATCH (payer)-[pd:PAID]->(pay)-[pt:PAID_TO]->(payee)
WITH pay, h, handler, payer, pd, pt, payee,
     duration.inDays(pay.paid_on, coalesce(pay.recorded_on, $as_of)).days AS days
RETURN [handler.id, pay.id] AS subjects,
       {handler: handler.name, purpose: coalesce(pay.purpose, '款项'), amount: pay.amount,
        payer: payer.name, payee: payee.name, paid_on: toString(pay.paid_on),
        booked_zh: CASE WHEN pay.recorded_on IS NULL THEN '至今未入账' ELSE toString(pay.recorded_on) + '才入账' END,
        booked_en: CASE WHEN pay.recorded_on IS NULL THEN 'still not booked' ELSE 'booked on ' + toString(pay.recorded_on) END,
        days: days, max_days: $max_days} AS facts,
       [handler, pay, payer, payee] AS nodes,
       [h, pd, pt] AS rels

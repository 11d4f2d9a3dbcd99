// id: late-deposit
// severity: medium
// tables: payments
// portrait: cash
// title_zh: 经手款项未及时入账
// title_en: Collected money booked late or not at all
// flags: money a person handled (collected or paid out) that was booked more than max_days after it was paid, or is still unbooked max_days after it was paid.
// why: cash kept by a cadre instead of the village account is how misappropriation starts (the seed's first case: a 20,000 yuan cleaning fee kept at home and deposited two months late).
// param: max_days = 30
// summary_zh: {handler}经手的{purpose}{amount}（{payer}支付给{payee}）于{paid_on}收取，{booked_zh}，相隔{days}天（超过{max_days}天）。
// summary_en: {handler} handled {amount} of {purpose} ({payer} to {payee}) on {paid_on}; {booked_en}, {days} days later (more than {max_days}).
MATCH (pay:Payment)-[h:HANDLED_BY]->(handler:Person)
WHERE pay.paid_on IS NOT NULL
  AND coalesce(pay.recorded_on, $as_of) > pay.paid_on + duration({days: $max_days})
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

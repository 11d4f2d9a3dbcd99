//! The viewer's node properties per entity kind (a person, a company, an org, a contract, a
//! payment, a tip), and the provenance every kind carries: the allow-lists `Shape::Entity`,
//! neighbourhoods, paths and evidence apply to a node by its `kind`.

use super::Field::Leaf;
use super::Show::{BirthYear, IdNumber, Phone};
use super::{Field, T, W};

/// Where a record came from: the same for every kind.
pub(super) const PROVENANCE: &[(&str, Field)] = &[
    ("source_file", W),
    ("source_line", W),
    ("load_run", W),
    ("loaded_at", W),
    ("first_load_run", W),
];

const PERSON: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    ("name_norm", W),
    ("pinyin", W),
    ("gender", W),
    ("birth_date", Leaf(BirthYear)),
    ("id_number", Leaf(IdNumber)),
    ("id_number_invalid", Leaf(IdNumber)),
    ("phone", Leaf(Phone)),
    ("phone_invalid", Leaf(Phone)),
];

const COMPANY: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    ("name_norm", W),
    ("pinyin", W),
    // A company's credit code is public in the national registry.
    ("credit_code", W),
    ("credit_code_invalid", W),
    ("phone", Leaf(Phone)),
    ("phone_invalid", Leaf(Phone)),
    ("registered_on", W),
    ("industry", W),
    ("qualification", W),
    ("owner_org_id", W),
];

const ORG: &[(&str, Field)] = &[
    ("id", W),
    ("name", W),
    ("name_norm", W),
    ("pinyin", W),
    ("kind", W),
    ("parent_id", W),
    ("region", W),
];

const CONTRACT: &[(&str, Field)] = &[
    ("id", W),
    ("title", W),
    ("name", W),
    ("name_norm", W),
    ("pinyin", W),
    ("category", W),
    ("amount", W),
    ("method", W),
    ("required_qualification", W),
    ("published_on", W),
    ("awarded_on", W),
    ("buyer_id", W),
    ("supplier_id", W),
    ("approver_id", W),
];

const PAYMENT: &[(&str, Field)] = &[
    ("id", W),
    ("amount", W),
    ("purpose", T),
    ("paid_on", W),
    ("recorded_on", W),
    ("payer_id", W),
    ("payee_id", W),
    ("handler_id", W),
    ("contract_id", W),
];

/// A tip shows its id, date and subjects: never the whistleblower's words.
const TIP: &[(&str, Field)] = &[("id", W), ("received_on", W), ("subject_ids", W)];

/// A kind this file does not know shows its id only.
const UNKNOWN_KIND: &[(&str, Field)] = &[("id", W)];

/// The viewer's node properties of one entity kind.
pub(super) fn properties_of(kind: &str) -> &'static [(&'static str, Field)] {
    match kind {
        "Person" => PERSON,
        "Company" => COMPANY,
        "Org" => ORG,
        "Contract" => CONTRACT,
        "Payment" => PAYMENT,
        "Tip" => TIP,
        _ => UNKNOWN_KIND,
    }
}

//! Masking of personal identifiers for the viewer role: ID numbers keep their first 6 and
//! last 4 characters, phones their last 4. Applied to every JSON response a viewer gets, by
//! key, so no endpoint can forget it.

use serde_json::Value;

/// Keys whose values are ID numbers.
const ID_NUMBER_KEYS: &[&str] = &["id_number", "id_number_invalid"];
/// Keys whose values are phone numbers.
const PHONE_KEYS: &[&str] = &["phone", "phone_invalid"];

/// `110105********002X`.
pub fn mask_id_number(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// `*******5678`.
pub fn mask_phone(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let mut out = "*".repeat(chars.len() - 4);
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Masks, in place, every ID number and phone anywhere in a JSON value.
pub fn mask_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if let Value::String(s) = v {
                    if ID_NUMBER_KEYS.contains(&key.as_str()) {
                        *s = mask_id_number(s);
                        continue;
                    }
                    if PHONE_KEYS.contains(&key.as_str()) {
                        *s = mask_phone(s);
                        continue;
                    }
                }
                mask_json(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_masked_wherever_they_sit() {
        let mut value = serde_json::json!({
            "properties": {"id_number": "11010519491231002X", "phone": "13957510301", "name": "王建国"},
            "nodes": [{"phone": "0575-8888"}]
        });
        mask_json(&mut value);
        assert_eq!(value["properties"]["id_number"], "110105********002X");
        assert_eq!(value["properties"]["phone"], "*******0301");
        assert_eq!(value["properties"]["name"], "王建国");
        assert_eq!(value["nodes"][0]["phone"], "*****8888");
    }
}

//! Check characters of Chinese identifiers, shared by parsing (which verifies them) and the
//! synthetic data generator (which must produce valid ones).

/// Weights of the 17 leading digits of a resident identity number (GB 11643-1999,
/// ISO 7064 MOD 11-2): 2^(17-i) mod 11.
const ID_NUMBER_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder of the weighted sum mod 11.
const ID_NUMBER_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of an 18-character resident identity number, from its first 17
/// characters; `None` unless they are exactly 17 ASCII digits.
pub fn id_number_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(ID_NUMBER_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(ID_NUMBER_CHECK[(sum % 11) as usize])
}

/// The 31 characters of a unified social credit code (GB 32100-2015), in value order:
/// digits and upper-case letters without I, O, Z, S, V.
pub const CREDIT_CODE_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of an 18-character unified social credit code, from its first 17
/// characters; `None` if one of them is outside the code's alphabet.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(CREDIT_CODE_WEIGHTS) {
        let value = CREDIT_CODE_ALPHABET.find(c)? as u32;
        sum += value * w;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_ALPHABET.chars().nth(check as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_number_check_matches_the_standard_example() {
        // The worked example of GB 11643-1999.
        assert_eq!(id_number_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_number_check_char("44052418800101001"), Some('4'));
        assert_eq!(id_number_check_char("1101051949123100"), None);
        assert_eq!(id_number_check_char("1101051949123100A"), None);
    }

    #[test]
    fn credit_code_check_matches_a_published_code() {
        // A published code: 91350100M000100Y43.
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code_check_char("91350100M000100I4"), None);
    }
}

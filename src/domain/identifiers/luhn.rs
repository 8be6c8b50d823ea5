//! The Luhn key of RPPS, ADELI and FINESS numbers; letters `A`–`F` count as 1–6 (see the
//! module documentation of `identifiers`).

/// Luhn value of one character: a digit is itself, a letter `A`–`F` its rank (1–6).
fn luhn_value(c: char) -> Option<u32> {
    match c.to_ascii_uppercase() {
        d @ '0'..='9' => d.to_digit(10),
        l @ 'A'..='F' => Some(u32::from(l as u8 - b'A') + 1),
        _ => None,
    }
}

/// Luhn sum of `values`; `rightmost_doubled` is true when computing a key for a prefix.
fn luhn_sum(values: &[u32], rightmost_doubled: bool) -> u32 {
    values
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if (i % 2 == 0) == rightmost_doubled {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum()
}

/// True if `code` is non-empty, made only of digits and letters `A`–`F` (mapped as in the
/// module documentation), and its last digit is a correct Luhn key.
pub fn is_luhn_valid(code: &str) -> bool {
    let values: Option<Vec<u32>> = code.chars().map(luhn_value).collect();
    matches!(values, Some(v) if !v.is_empty() && luhn_sum(&v, false).is_multiple_of(10))
}

/// Appends the Luhn key to `prefix_digits` (for demo and test numbers).
///
/// Digits count as themselves, letters `A`–`F` (any case) as 1–6 (so `"2A101234"` yields a valid
/// ADELI number for Corse-du-Sud); any other character is ignored for the computation but kept in
/// the output. Example: `luhn_complete("1000123456") == "10001234565"`.
pub fn luhn_complete(prefix_digits: &str) -> String {
    let values: Vec<u32> = prefix_digits.chars().filter_map(luhn_value).collect();
    let key = (10 - luhn_sum(&values, true) % 10) % 10;
    format!("{prefix_digits}{key}")
}

//! Stock records: one line of a stock file, `SKU;NAME;QTY;PRICE`.
//!
//! Records come from supplier feeds and shop tills, so every field is
//! checked before it reaches the store.

use std::fmt;

/// Longest SKU accepted, in bytes.
pub const SKU_MAX: usize = 16;
/// Largest quantity one record may carry.
pub const QTY_MAX: u32 = 1_000_000;

/// One line of stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub sku: String,
    pub name: String,
    pub qty: u32,
    pub price_cents: u64,
}

/// Why a record line was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The line does not have exactly four fields.
    FieldCount(usize),
    /// The SKU is empty, too long or not made of `A-Z`, `0-9` and `-`.
    Sku(String),
    /// The quantity is not a number or is out of range.
    Quantity(String),
    /// The price is not of the form `12` or `12.34`.
    Price(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::FieldCount(n) => write!(f, "expected 4 fields, found {n}"),
            RecordError::Sku(s) => write!(f, "bad SKU {s:?}"),
            RecordError::Quantity(s) => write!(f, "bad quantity {s:?}"),
            RecordError::Price(s) => write!(f, "bad price {s:?}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Parses one record line (without its line ending).
pub fn parse_record(line: &str) -> Result<Record, RecordError> {
    let fields: Vec<&str> = line.split(';').collect();
    if fields.len() != 4 {
        return Err(RecordError::FieldCount(fields.len()));
    }
    Ok(Record {
        sku: parse_sku(fields[0])?,
        name: fields[1].trim().to_string(),
        qty: parse_quantity(fields[2])?,
        price_cents: parse_price(fields[3])?,
    })
}

fn parse_sku(field: &str) -> Result<String, RecordError> {
    let sku = field.trim();
    let allowed = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-';
    if sku.is_empty() || sku.len() > SKU_MAX || !sku.bytes().all(allowed) {
        return Err(RecordError::Sku(sku.to_string()));
    }
    Ok(sku.to_string())
}

fn parse_quantity(field: &str) -> Result<u32, RecordError> {
    let text = field.trim();
    let qty: u32 = text
        .parse()
        .map_err(|_| RecordError::Quantity(text.to_string()))?;
    Ok(qty)
}

/// Parses `12` or `12.34` into cents.
fn parse_price(field: &str) -> Result<u64, RecordError> {
    let text = field.trim();
    let bad = || RecordError::Price(text.to_string());
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let frac: u64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u64>().map_err(|_| bad())? * 10,
        _ => frac[..2].parse().map_err(|_| bad())?,
    };
    whole
        .checked_mul(100)
        .and_then(|cents| cents.checked_add(frac))
        .ok_or_else(bad)
}

impl Record {
    /// Value of the stock on hand, in cents.
    pub fn value_cents(&self) -> u64 {
        u64::from(self.qty) * self.price_cents
    }

    /// Whether fewer than `threshold` units are left.
    pub fn is_low(&self, threshold: u32) -> bool {
        self.qty < threshold
    }

    /// Takes `qty` units out of stock; false (and no change) if there are fewer.
    pub fn take(&mut self, qty: u32) -> bool {
        match self.qty.checked_sub(qty) {
            Some(left) => {
                self.qty = left;
                true
            }
            None => false,
        }
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let price = format_price(self.price_cents);
        write!(f, "{};{};{};{}", self.sku, self.name, self.qty, price)
    }
}

/// Formats cents as `12.34`.
pub fn format_price(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_record() {
        let r = parse_record("TEA-001;Assam tea 250g;42;4.95").unwrap();
        assert_eq!((r.sku.as_str(), r.qty, r.price_cents), ("TEA-001", 42, 495));
        assert_eq!(r.to_string(), "TEA-001;Assam tea 250g;42;4.95");
    }

    #[test]
    fn rejects_bad_fields() {
        assert_eq!(parse_record("A;b;c"), Err(RecordError::FieldCount(3)));
        assert!(parse_record("tea;Tea;1;1.00").is_err());
        assert!(parse_record("TEA;Tea;-1;1.00").is_err());
        assert!(parse_record("TEA;Tea;1;1.x").is_err());
    }
}

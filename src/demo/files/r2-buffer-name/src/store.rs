//! The stock on hand: every record of a stock file, by SKU.

use std::collections::BTreeMap;
use std::io::{self, BufRead};

use crate::record::{parse_record, Record, RecordError};

/// Longest line a stock file may hold, in bytes, line ending included.
pub const MAX_LINE: usize = 4096;

/// Why a stock file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// Reading the file failed.
    Io(io::Error),
    /// A line is not a valid record.
    Record { line: usize, error: RecordError },
}

impl From<io::Error> for LoadError {
    fn from(error: io::Error) -> Self {
        LoadError::Io(error)
    }
}

/// Stock on hand, by SKU.
#[derive(Debug, Default)]
pub struct Store {
    items: BTreeMap<String, Record>,
}

impl Store {
    /// Loads a stock file; the header, blank lines and `#` comments are skipped.
    pub fn load<R: BufRead>(mut reader: R) -> Result<Store, LoadError> {
        let mut items = BTreeMap::new();
        let mut buffer = String::new();
        let mut line_no = 0;
        loop {
            buffer.clear();
            let n = reader.read_line(&mut buffer)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            let line = buffer.trim_end_matches(['\r', '\n']);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let record = parse_record(line).map_err(|error| LoadError::Record {
                line: line_no,
                error,
            })?;
            items.insert(record.sku.clone(), record);
        }
        Ok(Store { items })
    }

    /// The record for `sku`.
    pub fn get(&self, sku: &str) -> Option<&Record> {
        self.items.get(sku)
    }

    /// Adds `qty` units to `sku`; false when the SKU is unknown.
    pub fn receive(&mut self, sku: &str, qty: u32) -> bool {
        match self.items.get_mut(sku) {
            Some(record) => {
                record.qty = record.qty.saturating_add(qty);
                true
            }
            None => false,
        }
    }

    /// Records with fewer than `threshold` units left, for the reorder report.
    pub fn low_stock(&self, threshold: u32) -> Vec<&Record> {
        self.items.values().filter(|r| r.is_low(threshold)).collect()
    }

    /// Total value of the stock, in cents.
    pub fn value_cents(&self) -> u64 {
        self.items.values().map(Record::value_cents).sum()
    }
}

//! stockroom: stock keeping for small shops.

pub mod record;
pub mod store;

//! Paths as JSON strings when they are UTF-8, byte arrays when not, so a
//! saved path loses nothing.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Bytes {
    Text(String),
    Raw(Vec<u8>),
}

pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.serialize(s),
        Err(_) => bytes.serialize(s),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    Ok(match Bytes::deserialize(d)? {
        Bytes::Text(t) => t.into_bytes(),
        Bytes::Raw(b) => b,
    })
}

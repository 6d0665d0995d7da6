//! Arbitrary bytes into the patch parser: it must never panic, and whatever it
//! accepts must render back to the same bytes and parse to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(patch) = ferry::patch::parse(data) {
        let bytes = patch.to_bytes();
        assert_eq!(bytes, data, "round trip changed the bytes");
        let again = ferry::patch::parse(&bytes).expect("rendered patch must parse");
        assert_eq!(again, patch, "round trip changed the model");
    }
});

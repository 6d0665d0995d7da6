//! Teaching with real ports: recording what a person decided with what they
//! saw (`record.rs`, for `ferry pick --record` and `ferry replay`), and
//! turning a historical backport into an exercise (`train.rs`, for
//! `ferry train`). The screens live in `ui/`; this is the data.

pub mod record;
pub mod train;

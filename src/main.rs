//! The `ferry` binary.

fn main() {
    std::process::exit(ferry::error::EXIT_OK);
}

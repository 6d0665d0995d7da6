//! The interactive view: everything that draws with ratatui lives under here.

pub mod highlight;
pub mod theme;

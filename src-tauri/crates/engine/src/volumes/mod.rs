//! Volumes: what lives in them (`files`: browse, download, upload through a carrier container)
//! and whole-volume copies (`backup`: to a .tar and back).

pub mod backup;
pub mod files;

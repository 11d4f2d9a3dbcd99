//! Domain values: every cell of the data contract becomes one of these typed values before
//! any I/O ("parse, don't validate"). Loaders only turn typed rows into query parameters.

pub mod checksum;

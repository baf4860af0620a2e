//! How large a workbook's sheet may be: calamine lays a sheet out as a
//! grid, so these bound the memory a small file can ask for.

/// The most cells a sheet's table may span (rows × columns).
pub(super) const MAX_CELLS: usize = 20_000_000;

/// The most columns a sheet may have.
pub(super) const MAX_COLUMNS: u32 = 1_000;

/// What a file that no workbook reader can read is said to be.
pub(super) const NOT_A_WORKBOOK: &str = "not a workbook cuecard can read (.xlsx, .xlsm or .ods)";

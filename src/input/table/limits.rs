//! How large a workbook's sheet may be: calamine lays a sheet out as a
//! grid, so these bound the memory a small file can ask for.

/// The most cells a sheet's table may span (rows × columns).
pub(super) const MAX_CELLS: usize = 20_000_000;

/// The most bytes a workbook's text may come to: an .xlsx's parts
/// unpacked, an .ods's content.xml unpacked, and its cells' text once
/// repeated cells are written out.
pub(super) const MAX_WORKBOOK_TEXT: u64 = 1 << 30;

/// How many bytes an .xlsx's parts may unpack to for each byte the input
/// limit allows (`limits.max_input_bytes`): a workbook commonly unpacks to
/// ten or twenty times its size.
pub(super) const XLSX_UNPACKED_PER_BYTE: u64 = 64;

/// The most columns a sheet may have.
pub(super) const MAX_COLUMNS: u32 = 1_000;

/// What a file that no workbook reader can read is said to be.
pub(super) const NOT_A_WORKBOOK: &str = "not a workbook cuecard can read (.xlsx, .xlsm or .ods)";

//! CSV, TSV and workbook exports through a mapping file, end to end through
//! the binary: every mapping feature, every error class (with file, row,
//! column header and field path, never a cell), the restricted columns that
//! must never reach output, `map init`, `schema mapping`, and a proptest
//! that a sample written as CSV briefs byte for byte as the same customers
//! as NDJSON.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn import(name: &str) -> PathBuf {
    briefing_path(&format!("import/{name}"))
}

/// Runs cuecard; (stdout, stderr, exit code).
fn run(home: &Path, args: &[&str]) -> (String, String, i32) {
    let out = cuecard(home).args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn brief(home: &Path, input: &Path, extra: &[&str]) -> (Briefing, String, i32) {
    let (briefing, code, err) = brief_json(home, extra, &[input]);
    (briefing, err, code)
}

/// How each customer briefed in a JSON briefing is addressed, in order.
fn briefed_names(out: &str) -> Vec<String> {
    let b: Briefing = serde_json::from_str(out).unwrap();
    b.customers
        .iter()
        .map(|c| c.address_as.clone().unwrap())
        .collect()
}

fn cues(b: &Briefing) -> Vec<(String, Vec<String>)> {
    b.customers
        .iter()
        .map(|c| {
            let rules = c.cues.iter().map(|q| q.rule.clone()).collect();
            (c.reference.clone().unwrap_or_default(), rules)
        })
        .collect()
}

#[test]
fn the_hotel_export_reads_through_its_mapping() {
    let home = TempDir::new().unwrap();
    let (b, err, code) = brief(home.path(), &import("hotel-arrivals.csv"), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        b.shift.title.as_deref(),
        Some("Harbour Hotel arrivals, Sunday")
    );
    assert_eq!(b.shift.setting, "hotel");
    let refs: Vec<&str> = b
        .customers
        .iter()
        .map(|c| c.reference.as_deref().unwrap())
        .collect();
    assert_eq!(refs, ["1204", "807", "1511", "322", "1020"]);
    let by_ref = |r: &str| {
        b.customers
            .iter()
            .find(|c| c.reference.as_deref() == Some(r))
            .unwrap()
    };
    // `values`: D → Diamond, with a member_since from `date_format`:
    // a long-standing Diamond is thanked (and the tier never said as a code).
    assert!(
        by_ref("1020")
            .cues
            .iter()
            .any(|c| c.rule == "long_standing"),
        "{:?}",
        cues(&b)
    );
    // `split`: SPECIALS WCHR and KSML became services, and act.
    assert_eq!(by_ref("1511").cues[0].aim, "assist");
    assert_eq!(by_ref("322").cues[0].aim, "assist");
    assert_eq!(
        by_ref("1204").address_as.as_deref(),
        Some("Mrs Beaumont-Hale")
    );
}

#[test]
fn grouped_rows_make_one_customer_with_a_purchase_each() {
    let home = TempDir::new().unwrap();
    let input = import("shop-customers.csv");
    let (b, err, code) = brief(home.path(), &input, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(b.customers.len(), 3, "five rows, three customers");
    assert!(
        b.customers[0]
            .cues
            .iter()
            .any(|c| c.rule == "already_owned"),
        "{:?}",
        cues(&b)
    );
    let (out, _, _) = run(
        home.path(),
        &["explain", "--format", "json", &input.to_string_lossy()],
    );
    let explained: Value = serde_json::from_str(&out).unwrap();
    let withheld = explained["customers"][2]["withheld"].to_string();
    assert!(
        !withheld.contains("purchases[2]"),
        "two purchases, no gap: {withheld}"
    );
}

#[test]
fn a_workbook_sheet_reads_as_the_csv_would_and_ods_as_xlsx() {
    let home = TempDir::new().unwrap();
    let xlsx = import("crm-report.xlsx");
    let (a, err, code) = brief(home.path(), &xlsx, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(a.customers.len(), 3);
    assert_eq!(a.customers[0].address_as.as_deref(), Some("Maggie"));
    let map = import("crm-report.xlsx.map.toml");
    let ods = briefing_path("../tests/data/crm-report.ods");
    let (b, err, code) = brief(home.path(), &ods, &["--map", &map.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(cues(&a), cues(&b));
    let (_, err, code) = brief(home.path(), &xlsx, &["--sheet", "Nope"]);
    assert_eq!(code, 66, "{err}");
    assert!(
        err.contains("no sheet named `Nope`") && err.contains("Summary, Customers"),
        "{err}"
    );
}

/// A cell of text, as LibreOffice writes one.
fn ods_text(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
    )
}

/// An .ods of one sheet, `S`, whose content.xml holds `rows` (with no
/// space between elements, as LibreOffice writes it and calamine needs);
/// `ended: false` leaves the sheet and the document open.
fn write_ods(dir: &Path, name: &str, rows: &str, ended: bool) -> PathBuf {
    use zip::write::SimpleFileOptions;
    let ns =
        |p: &str, n: &str| format!(" xmlns:{p}=\"urn:oasis:names:tc:opendocument:xmlns:{n}:1.0\"");
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content{}{}{}><office:body><office:spreadsheet><table:table table:name=\"S\">{rows}{}",
        ns("office", "office"),
        ns("table", "table"),
        ns("text", "text"),
        if ended { "</table:table></office:spreadsheet></office:body></office:document-content>" } else { "" },
    );
    let manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest{}><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/></manifest:manifest>",
        ns("manifest", "manifest"),
    );
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let packed = SimpleFileOptions::default();
    let parts = [
        (
            "mimetype".to_string(),
            "application/vnd.oasis.opendocument.spreadsheet".into(),
            stored,
        ),
        (
            "META-INF/manifest.xml".to_string(),
            manifest.into_bytes(),
            packed,
        ),
        ("content.xml".to_string(), content.into_bytes(), packed),
    ];
    write_zip(&dir.join(name), parts)
}

/// A zip of `parts`: (name, bytes, how each is stored).
fn write_zip(
    path: &Path,
    parts: impl IntoIterator<Item = (String, Vec<u8>, zip::write::SimpleFileOptions)>,
) -> PathBuf {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes, how) in parts {
        zip.start_file(name, how).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
    path.to_path_buf()
}

/// calamine lays out every sheet of an .ods whole as it opens it, each
/// repeated cell and row written out; a file of a few hundred bytes that
/// repeats cells past the limits is refused before calamine reads it:
/// quickly (not after gigabytes), without a panic or a hang, as a file
/// that cannot be read (66). Every one of these is under 1 KB.
#[test]
fn an_ods_that_repeats_cells_past_the_limits_is_refused_before_it_is_read() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let header = format!(
        "<table:table-row>{}{}<table:table-cell table:number-columns-repeated=\"1022\"/></table:table-row>",
        ods_text("id"),
        ods_text("name")
    );
    let ann = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_text("A1"),
        ods_text("Ann")
    );
    let number = "office:value-type=\"float\" office:value=\"1\"";
    // As LibreOffice ends a sheet: blank columns and rows to the edge.
    let edge = "<table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    let plain = write_ods(h, "plain.ods", &format!("{header}{ann}{edge}"), true);
    let (b, err, code) = brief(h, &plain, &["--setting", "hotel"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(b.customers.len(), 1);
    let crm = briefing_path("../tests/data/crm-report.ods");
    let map = import("crm-report.xlsx.map.toml");
    let (b, err, code) = brief(h, &crm, &["--map", &map.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(b.customers.len(), 3);
    let blank = "<table:table-row><table:table-cell/></table:table-row>";
    let huge_blank = format!(
        "<table:table-row table:number-rows-repeated=\"{}\"><table:table-cell/></table:table-row>",
        u64::MAX
    );
    // (what the sheet's rows are, whether it ends, what stderr says)
    let bombs = [
        // 21,000 rows of 1,000 numbers: 21 million cells (calamine: 1.8 GB).
        (
            format!("{header}<table:table-row table:number-rows-repeated=\"21000\"><table:table-cell table:number-columns-repeated=\"1000\" {number}/></table:table-row>"),
            true,
            "sheet `S` would span more than 20000000 cells",
        ),
        // 21 million blank cells, written out because a cell follows them.
        (
            format!("{header}<table:table-row><table:table-cell table:number-columns-repeated=\"21000000\"/><table:table-cell/></table:table-row>"),
            true,
            "sheet `S` would span more than 20000000 cells",
        ),
        (
            format!("{header}<table:table-row><table:table-cell table:number-columns-repeated=\"5000\"/>{}</table:table-row>", ods_text("x")),
            true,
            "sheet `S` has a cell beyond column 1000",
        ),
        // Blank rows above, or below, that overflow calamine's count of
        // them (a panic, in a debug build).
        (
            format!("{huge_blank}{huge_blank}{header}{ann}"),
            true,
            "sheet `S` has rows beyond row 4294967295",
        ),
        (
            format!("{blank}{blank}{header}{ann}{huge_blank}{huge_blank}"),
            true,
            "sheet `S` has rows beyond row 4294967295",
        ),
        // 1.1 billion spaces in one cell.
        (
            format!("{header}<table:table-row><table:table-cell office:value-type=\"string\"><text:p>A<text:s text:c=\"1100000000\"/></text:p></table:table-cell>{}</table:table-row>", ods_text("Ann")),
            true,
            "sheet `S` would hold more than 1073741824 bytes of text",
        ),
        // A sheet, or a note on a cell, that never ends: calamine reads on
        // for ever.
        (format!("{header}{ann}"), false, "not a workbook cuecard can read"),
        (
            format!("{header}<table:table-row><table:table-cell office:value-type=\"string\"><office:annotation><text:p>x</text:p>"),
            false,
            "not a workbook cuecard can read",
        ),
    ];
    for (i, (rows, ended, says)) in bombs.iter().enumerate() {
        let bomb = write_ods(h, &format!("bomb{i}.ods"), rows, *ended);
        assert!(std::fs::metadata(&bomb).unwrap().len() < 1024);
        let started = std::time::Instant::now();
        let out = cuecard(h)
            .args(["brief", "--setting", "hotel"])
            .arg(&bomb)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(66), "bomb{i}: {err}");
        assert!(
            err.contains(&format!("bomb{i}.ods: {says}")),
            "bomb{i}: {err}"
        );
        assert!(
            !err.contains("panic") && !err.contains("internal error"),
            "{err}"
        );
        assert!(
            started.elapsed().as_secs() < 10,
            "bomb{i}: {:?}",
            started.elapsed()
        );
    }
}

/// `crm-report.xlsx` with a shared-strings part of `strings` added.
fn xlsx_with_shared_strings(dir: &Path, name: &str, strings: &str) -> PathBuf {
    use std::io::Read;
    let mut source =
        zip::ZipArchive::new(std::fs::File::open(import("crm-report.xlsx")).unwrap()).unwrap();
    let packed = zip::write::SimpleFileOptions::default();
    let mut parts: Vec<_> = (0..source.len())
        .map(|i| {
            let mut part = source.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().to_string(), bytes, packed)
        })
        .collect();
    let sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
    let shared = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{sst}{strings}</sst>");
    parts.push((
        "xl/sharedStrings.xml".to_string(),
        shared.into_bytes(),
        packed,
    ));
    write_zip(&dir.join(name), parts)
}

/// calamine reads an .xlsx's shared strings whole as it opens it, so a
/// small file whose strings unpack past 64 times the input limit, or that
/// holds more strings than one for every 16 of those bytes, is refused
/// before calamine reads it (66); one within both still briefs.
#[test]
fn an_xlsx_whose_shared_strings_unpack_past_the_limit_is_refused_before_it_is_read() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    // 64 × 16,384: the parts may unpack to 1,048,576 bytes, and hold
    // 65,536 strings.
    let config = write(
        h,
        "small.toml",
        "[audit]\nenabled = false\n[limits]\nmax_input_bytes = 16384\n",
    );
    let map = import("crm-report.xlsx.map.toml");
    let run_on = |xlsx: &Path| {
        let out = cuecard(h)
            .args(["brief", "--format", "json", "--config"])
            .arg(&config)
            .arg("--map")
            .arg(&map)
            .arg(xlsx)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let fine = xlsx_with_shared_strings(h, "fine.xlsx", &"<si><t>a</t></si>".repeat(1000));
    let (err, code) = run_on(&fine);
    assert_eq!(code, Some(0), "{err}");
    let long = format!("<si><t>{}</t></si>", "a".repeat(100)).repeat(12_000);
    let many = "<si/>".repeat(70_000);
    for (name, strings, says) in [
        (
            "long.xlsx",
            long,
            "long.xlsx: it unpacks to more than 1048576 bytes",
        ),
        (
            "many.xlsx",
            many,
            "many.xlsx: it holds more than 65536 shared strings",
        ),
    ] {
        let bomb = xlsx_with_shared_strings(h, name, &strings);
        assert!(std::fs::metadata(&bomb).unwrap().len() < 16_384, "{name}");
        let (err, code) = run_on(&bomb);
        assert_eq!(code, Some(66), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
}

#[test]
fn headers_that_are_field_paths_need_no_mapping_and_stdin_reads_csv() {
    let home = TempDir::new().unwrap();
    let csv = "id,name,ref,loyalty.visits_last_90_days,today.services\nA1,Ann Lee,3C,4,WCHR;VGML\n";
    let path = write(home.path(), "plain.csv", csv);
    let (b, err, code) = brief(home.path(), &path, &["--setting", "flight"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(b.customers[0].reference.as_deref(), Some("3C"));
    let from_file = cues(&b);
    let tsv = write(home.path(), "plain.tsv", &csv.replace(',', "\t"));
    assert_eq!(
        cues(&brief(home.path(), &tsv, &["--setting", "flight"]).0),
        from_file
    );
    let out = cuecard(home.path())
        .args([
            "brief",
            "--format",
            "json",
            "--setting",
            "flight",
            "--input-format",
            "csv",
            "-",
        ])
        .write_stdin(csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let b: Briefing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cues(&b), from_file);
}

#[test]
fn every_option_of_a_column_and_of_the_file_works() {
    let home = TempDir::new().unwrap();
    let text = "Report of the day\nK;WHO;TIER;SINCE;OK;CODES;SEAT\nk1; Ann ;G;22.11.2009;J;WCHR/VGML;1A\nk2;Bo;;;N;;1B\n";
    let csv = write(home.path(), "opts.csv", text);
    let map = "[file]\ndelimiter = \";\"\nskip_rows = 1\n[shift]\nsetting = \"flight\"\ntitle = \"T\"\n[columns]\nK = \"id\"\nWHO = \"name\"\nTIER = { field = \"loyalty.tier\", values = { G = \"Gold\" } }\nSINCE = { field = \"loyalty.member_since\", date_format = \"%d.%m.%Y\" }\nOK = { field = \"consent.personalise\", values = { J = true, N = false } }\nCODES = { field = \"today.services\", split = \"/\" }\nSEAT = \"ref\"\n";
    write(home.path(), "opts.csv.map.toml", map);
    let (out, err, code) = run(
        home.path(),
        &["explain", "--format", "json", &csv.to_string_lossy()],
    );
    assert_eq!(code, 0, "{err}");
    let e: Value = serde_json::from_str(&out).unwrap();
    let first = &e["customers"][0];
    assert_eq!(first["address_as"], "Ann", "cells are trimmed");
    let sources = first["cues"].to_string();
    for path in ["today.services[0]", "today.services[1]"] {
        assert!(sources.contains(path), "split on `/`: {sources}");
    }
    // `date_format`: seventeen years a member, thanked for it. `values`:
    // J and N are no yes/no cuecard knows, so without them the rows fail.
    assert!(sources.contains("loyalty.member_since"), "{sources}");
    // consent.personalise = false: only rung 0 and assist cues for Bo.
    let second = e["customers"][1]["cues"].as_array().unwrap();
    assert!(
        second.iter().all(|c| c["rung"].is_null() || c["rung"] == 0),
        "{second:?}"
    );
}

/// (stderr, code) for a CSV and mapping written into `home`.
fn fails(home: &Path, csv: &str, map: Option<&str>) -> (String, i32) {
    let path = write(home, "t.csv", csv);
    let map_path = home.join("t.csv.map.toml");
    match map {
        Some(text) => {
            write(home, "t.csv.map.toml", text);
        }
        None => {
            let _ = std::fs::remove_file(&map_path);
        }
    }
    let (_, err, code) = run(home, &["brief", &path.to_string_lossy()]);
    (err, code)
}

#[test]
fn mapping_faults_are_config_errors_naming_the_header_and_line() {
    let home = TempDir::new().unwrap();
    let secret = "id,name,Medical\n1,Ann,SECRET-CANARY\n";
    let plain = "id,name\n1,Ann\n";
    let names = "[columns]\nid = \"id\"\nname = \"name\"\n";
    // Column X, named on line 4: options it would not use, or that cannot
    // work, stop the run before any row is read.
    let x = "id,name,X\n1,Ann,SECRET-CANARY\n";
    let x_is = |spec: &str| Some(format!("{names}X = {spec}\n"));
    const AT_X: &str = "t.csv.map.toml:4: column `X`";
    // (CSV, mapping beside it, what stderr must say)
    let cases: [(&str, Option<String>, &[&str]); 15] = [
        (secret, None, &["column `Medical`", "map init"]),
        (
            secret,
            Some(names.to_string()),
            &["t.csv.map.toml:1", "column `Medical`"],
        ),
        (
            plain,
            Some(format!("{names}X = \"ignore\"\n")),
            &["t.csv.map.toml:4", "`X` is not in"],
        ),
        (
            plain,
            Some("[columns]\nid = \"id\"\nname = \"loyalty.nmae\"\n".to_string()),
            &[":3: column `name`", "no field `nmae`"],
        ),
        ("ref,name\n1,Ann\n", None, &["no column gives `id`"]),
        (
            x,
            x_is("{ field = \"loyalty.visits_last_90_days\", values = { A = 1.5 } }"),
            &[AT_X, "not a fraction"],
        ),
        (
            x,
            x_is("{ sensitive = \"health\", split = \",\" }"),
            &[AT_X, "`split` does nothing here"],
        ),
        (
            x,
            x_is("{ sensitive = \"health\", values = { A = \"B\" } }"),
            &[AT_X, "`values` does nothing here"],
        ),
        (
            x,
            x_is("{ ignore = true, date_format = \"%d/%m/%Y\" }"),
            &[AT_X, "`date_format` does nothing here"],
        ),
        (
            x,
            x_is("{ field = \"loyalty.tier\", split = \",\" }"),
            &[AT_X, "`split` is for list fields"],
        ),
        (
            x,
            x_is("{ field = \"today.services\", split = \"\" }"),
            &[AT_X, "`split` is empty"],
        ),
        (
            x,
            x_is("{ field = \"loyalty.member_since\", date_format = \"%Q\" }"),
            &[AT_X, "not a format chrono knows"],
        ),
        (
            x,
            x_is("{ field = \"loyalty.member_since\", date_format = \"%d/%m\" }"),
            &[AT_X, "cannot read a whole date"],
        ),
        (
            x,
            x_is("{ field = \"loyalty.tier\", date_format = \"%d/%m/%Y\" }"),
            &[AT_X, "`date_format` is for date fields"],
        ),
        (
            x,
            Some(format!(
                "[file]\ngroup_by = \"id\"\nsort_rows_up_to = 0\n{names}X = \"ignore\"\n"
            )),
            &["t.csv.map.toml:3: `file.sort_rows_up_to` must be at least 1"],
        ),
    ];
    for (csv, map, says) in cases {
        let (err, code) = fails(home.path(), csv, map.as_deref());
        assert_eq!(code, 78, "{err}");
        assert!(says.iter().all(|s| err.contains(s)), "{says:?}: {err}");
        assert!(!err.contains("SECRET-CANARY"), "{err}");
    }
}

#[test]
fn bad_rows_are_located_and_the_rest_are_briefed() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = b"id,name,loyalty.visits_last_90_days,loyalty.tier_since\nA,Ann,2,2026-01-01\nB,Bob,VISITS-CANARY,\nC,Cy,1,2026-13-45\nD,Di,1\nE,\xff\xfe,1,\nF,Fay,3,\n".to_vec();
    let path = h.join("bad.csv");
    std::fs::write(&path, csv).unwrap();
    let (out, err, code) = run(h, &["brief", "--format", "json", &path.to_string_lossy()]);
    assert_eq!(code, 65, "{err}");
    let names = briefed_names(&out);
    assert_eq!(names, ["Ann", "Fay"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].contains("bad.csv:3:3: `loyalty.visits_last_90_days`: not a whole number"),
        "{err}"
    );
    assert!(
        lines[1].contains("bad.csv:4:4") && lines[1].contains("not a date"),
        "{err}"
    );
    assert!(
        lines[2].contains("bad.csv:5:1") && lines[2].contains("row has 3 cells, the header 4"),
        "{err}"
    );
    assert!(
        lines[3].contains("bad.csv:6:2") && lines[3].contains("invalid UTF-8"),
        "{err}"
    );
    assert!(!err.contains("CANARY") && !out.contains("CANARY"));
}

#[test]
fn one_customers_rows_must_be_together_unless_sorted_in_memory() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = "id,name,purchases[].item,purchases[].date\nA,Ann,Atlas,2025-01-01\nB,Bob,Bible,2025-02-02\nA,Ann,Almanac,2025-03-03\n";
    let group = "[file]\ngroup_by = \"id\"\n";
    let (err, code) = fails(h, csv, Some(group));
    assert_eq!(code, 65);
    assert!(
        err.contains("t.csv:4:1") && err.contains("row 4") && err.contains("sort_rows_up_to"),
        "{err}"
    );
    let (err, code) = fails(
        h,
        csv,
        Some("[file]\ngroup_by = \"id\"\nsort_rows_up_to = 10\n"),
    );
    assert_eq!(code, 0, "{err}");
    let (err, code) = fails(
        h,
        csv,
        Some("[file]\ngroup_by = \"id\"\nsort_rows_up_to = 2\n"),
    );
    assert_eq!(code, 65);
    assert!(err.contains("more than 2 rows to sort"), "{err}");
    let disagree = "id,name\nA,Ann\nA,Anne\n";
    let (err, code) = fails(h, disagree, Some(group));
    assert_eq!(code, 65);
    assert!(
        err.contains("disagree") && err.contains("`name`") && !err.contains("Anne"),
        "{err}"
    );
}

/// Restricted values planted in ignored, unmapped-by-ignore and sensitive
/// columns never reach any format, nor an error.
#[test]
fn restricted_columns_never_reach_output_or_errors() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = "id,name,ref,Medical,Faith,Comments,loyalty.visits_last_90_days\nA,Ann,1A,HIV-CANARY,RELIGION-CANARY,GRIEF-CANARY,2\nB,Bob,1B,DIABETES-CANARY,,,BAD\n";
    let path = write(h, "c.csv", csv);
    write(h, "c.csv.map.toml", "[columns]\nMedical = { sensitive = \"health\" }\nFaith = { sensitive = \"religion\" }\nComments = \"ignore\"\n");
    for command in ["brief", "explain"] {
        for format in STAFF_FORMATS {
            let (out, err, code) = run(h, &[command, "--format", format, &path.to_string_lossy()]);
            assert_eq!(code, 65, "{command} {format}: {err}");
            assert!(
                !out.contains("CANARY") && !err.contains("CANARY"),
                "{command} {format}"
            );
        }
    }
    let (out, _, _) = run(
        h,
        &[
            "explain",
            "--format",
            "json",
            "--ref",
            "1A",
            &path.to_string_lossy(),
        ],
    );
    let withheld =
        serde_json::from_str::<Value>(&out).unwrap()["customers"][0]["withheld"].to_string();
    assert!(
        withheld.contains("restricted: health") && withheld.contains("restricted: religion"),
        "{withheld}"
    );
}

#[test]
fn map_init_writes_a_mapping_to_edit_that_the_schema_accepts() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let input = import("hotel-arrivals.csv");
    let (starter, err, code) = run(h, &["map", "init", &input.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let parsed: toml::Table = toml::from_str(&starter).unwrap();
    let columns = parsed["columns"].as_table().unwrap();
    assert_eq!(columns.len(), 16, "every header");
    assert!(
        columns.values().all(|v| v.as_str() == Some("ignore")),
        "nothing guessed: {starter}"
    );
    assert_eq!(starter.matches("TO DECIDE").count(), 16);
    // As written it runs, but names nobody: it has no `id`.
    let copy = write(h, "arrivals.csv", &std::fs::read_to_string(&input).unwrap());
    write(h, "arrivals.csv.map.toml", &starter);
    let (_, err, code) = run(h, &["brief", &copy.to_string_lossy()]);
    assert_eq!(code, 78);
    assert!(err.contains("no column gives `id`"), "{err}");
    let (schema, _, _) = run(h, &["schema", "mapping"]);
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in [
        "hotel-arrivals.csv.map.toml",
        "shop-customers.csv.map.toml",
        "crm-report.xlsx.map.toml",
    ] {
        let text = std::fs::read_to_string(import(name)).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        let json = toml_to_json(value);
        assert!(validator.is_valid(&json), "{name}");
    }
    assert!(!validator.is_valid(&serde_json::json!({"columns": {"X": 3}})));
    let (_, err, code) = run(h, &["map", "init", "nope.csv"]);
    assert_eq!(code, 66, "{err}");
}

/// `cuecard schema mapping` refuses what loading a mapping refuses where a
/// schema can say it: a fraction in `values`, an empty `split`, sorting
/// up to no rows.
#[test]
fn the_mapping_schema_refuses_fractions_an_empty_split_and_sorting_no_rows() {
    let home = TempDir::new().unwrap();
    let (schema, err, code) = run(home.path(), &["schema", "mapping"]);
    assert_eq!(code, 0, "{err}");
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let column = |detail: Value| serde_json::json!({ "columns": { "X": detail } });
    let kept = column(serde_json::json!({
        "field": "loyalty.tier",
        "values": { "G": "Gold", "N": 2, "Y": true }
    }));
    assert!(validator.is_valid(&kept));
    for refused in [
        column(serde_json::json!({ "field": "loyalty.tier", "values": { "G": 1.5 } })),
        column(serde_json::json!({ "field": "loyalty.tier", "values": { "G": [] } })),
        column(serde_json::json!({ "field": "today.services", "split": "" })),
        serde_json::json!({ "file": { "group_by": "id", "sort_rows_up_to": 0 } }),
    ] {
        assert!(!validator.is_valid(&refused), "{refused}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// A sample written as CSV (`sample --format csv`, headers that are
    /// field paths) briefs and explains byte for byte as the same customers
    /// written as NDJSON.
    #[test]
    fn csv_briefs_as_the_same_profiles_in_json(seed in 0u32..10_000, count in 1u32..30) {
        let home = TempDir::new().unwrap();
        let h = home.path();
        let make = |format: &str| {
            let out = succeed(cuecard(h).args(["sample", "--setting", "flight", "--format", format])
                .args(["--count", &count.to_string(), "--seed", &seed.to_string()]));
            String::from_utf8(out.stdout).unwrap()
        };
        let csv = write(h, "s.csv", &make("csv"));
        let ndjson = write(h, "s.ndjson", &make("ndjson"));
        for command in ["brief", "explain"] {
            let read = |path: &Path| {
                let out = succeed(cuecard(h).args([command, "--format", "json", "--setting", "flight"]).arg(path));
                String::from_utf8(out.stdout).unwrap()
            };
            prop_assert_eq!(read(&csv), read(&ndjson));
        }
    }
}

/// TOML as the JSON it reads as (a date is a `YYYY-MM-DD` string).
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[test]
fn the_size_limit_applies_to_each_row_and_to_a_workbook() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let config = write(
        h,
        "small.toml",
        "[audit]\nenabled = false\n[limits]\nmax_input_bytes = 1024\n",
    );
    let long = "x".repeat(1100);
    let csv = write(h, "l.csv", &format!("id,name\nA,Ann\nB,{long}\nC,Cy\n"));
    let (out, err, code) = run(
        h,
        &[
            "brief",
            "--format",
            "json",
            "--config",
            &config.to_string_lossy(),
            &csv.to_string_lossy(),
        ],
    );
    assert_eq!(code, 65, "{err}");
    assert!(
        err.contains("l.csv:3:1: row longer than the limit of 1024 bytes"),
        "{err}"
    );
    let b: Briefing = serde_json::from_str(&out).unwrap();
    assert_eq!(
        b.customers.len(),
        2,
        "the rows before and after are briefed"
    );
    let xlsx = import("crm-report.xlsx");
    let (_, err, code) = run(
        h,
        &[
            "brief",
            "--config",
            &config.to_string_lossy(),
            &xlsx.to_string_lossy(),
        ],
    );
    assert_eq!(code, 66, "{err}");
    assert!(err.contains("larger than the limit of 1024 bytes"), "{err}");
}

#[test]
fn a_quote_left_open_is_an_error_not_a_lost_customer() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = "id,name,notes\n1,Ann,\"open quote NOTE-CANARY\n2,Bob,x\n3,Carl,y\n";
    let (err, code) = fails(h, csv, None);
    assert_eq!(code, 65, "{err}");
    assert!(
        err.contains("t.csv:2:1: a quote opened on this row is never closed"),
        "{err}"
    );
    assert!(!err.contains("CANARY"));
    // In a TSV a quote is a quote.
    let tsv = write(h, "q.tsv", "id\tname\n1\t\"Ann\n2\tBob\n");
    let (b, err, code) = brief(h, &tsv, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(b.customers.len(), 2);
}

#[test]
fn a_lost_row_fails_its_whole_customer_when_rows_are_grouped() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = b"id,name,ref,Grief\nA,Ann,1A,\nA,Ann,1A,\xff\nB,Bob,1B,\n".to_vec();
    let path = h.join("g.csv");
    std::fs::write(&path, csv).unwrap();
    write(
        h,
        "g.csv.map.toml",
        "[file]\ngroup_by = \"id\"\n[columns]\nGrief = { sensitive = \"bereavement\" }\n",
    );
    let (out, err, code) = run(h, &["brief", "--format", "json", &path.to_string_lossy()]);
    assert_eq!(code, 65, "{err}");
    let names = briefed_names(&out);
    assert_eq!(
        names,
        ["Bob"],
        "Ann is not briefed without her restricted row: {err}"
    );
    assert!(
        err.contains("g.csv:3:4: invalid UTF-8") && err.contains("1A: row 2:"),
        "{err}"
    );
    let b: Briefing = serde_json::from_str(&out).unwrap();
    assert_eq!(
        b.errors
            .iter()
            .filter(|e| e.reference.as_deref() == Some("1A"))
            .count(),
        1,
        "Ann keeps her place"
    );
}

#[test]
fn mappings_that_cannot_work_are_refused_before_any_row() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    for (map, says) in [
        (
            "[columns]\nid = \"id\"\nname = \"name\"\nx = \"today.services[]\"\n",
            "a list of words",
        ),
        (
            "[columns]\nid = \"id\"\nname = \"name\"\nx = \"purchases[99999999999].item\"\n",
            "an index above 999",
        ),
        (
            "[columns]\nid = \"id\"\nname = \"name\"\nx = \"name\"\n",
            "two columns give `name`",
        ),
    ] {
        let (err, code) = fails(h, "id,name,x\n1,Ann,v\n", Some(map));
        assert_eq!(code, 78, "{map}: {err}");
        assert!(err.contains(says), "{map}: {err}");
    }
    // A data row taken for the header (a wrong skip_rows) is not echoed.
    let (err, code) = fails(
        h,
        "Ann Lee,1987-02-03,HIV-CANARY\n",
        Some("[columns]\nid = \"id\"\nname = \"name\"\n"),
    );
    assert_eq!(code, 78, "{err}");
    assert!(
        err.contains("skip_rows") && !err.contains("CANARY") && !err.contains("Ann Lee"),
        "{err}"
    );
}

#[test]
fn a_bad_cell_keeps_the_customers_place_by_its_ref() {
    let home = TempDir::new().unwrap();
    let h = home.path();
    let csv = write(
        h,
        "r.csv",
        "loyalty.visits_last_90_days,id,name,ref\nlots,A,Ann,R12\n",
    );
    let (_, err, code) = run(h, &["brief", "--ref", "R12", &csv.to_string_lossy()]);
    assert_eq!(code, 65, "the record is found, and bad: {err}");
    assert!(err.contains("R12"), "{err}");
}

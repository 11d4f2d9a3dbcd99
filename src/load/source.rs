//! Reading a table file (`.csv` in UTF-8 or GB18030, or `.xlsx`) as raw rows of text cells,
//! each with the line it came from. Streaming for CSV, so memory stays flat on big files.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use super::error::LoadError;

/// How CSV bytes are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (with or without BOM) when the start of the file is valid UTF-8, else GB18030.
    #[default]
    Auto,
    /// UTF-8.
    #[value(name = "utf-8")]
    Utf8,
    /// GB18030 (a superset of GBK and GB2312, what spreadsheet software in China writes).
    Gb18030,
}

/// One data row: its 1-based line (the header is line 1) and its cells as text.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Line in the file where the row starts (for xlsx: the sheet row).
    pub line: u64,
    /// Cells, in header order (missing trailing cells are empty).
    pub cells: Vec<String>,
}

/// An item of a table's rows: a row, a row-level problem, or the end of the file's readable part.
#[derive(Debug, Clone)]
pub enum RowItem {
    /// A well-formed row.
    Row(RawRow),
    /// A row that cannot be split into the header's cells (reject it, go on).
    BadRow {
        /// Its line.
        line: u64,
        /// Why.
        reason: String,
        /// Its text as far as it could be read.
        text: String,
    },
}

/// A table file opened for reading.
pub struct TableReader {
    /// The file.
    pub path: PathBuf,
    /// Header names as written (trimmed, BOM removed).
    pub header: Vec<String>,
    /// How the file was decoded (for the summary).
    pub encoding: &'static str,
    rows: Box<dyn Iterator<Item = Result<RowItem, LoadError>> + Send>,
}

impl TableReader {
    /// Opens a `.csv` or `.xlsx` file and reads its header.
    pub fn open(path: &Path, encoding: Encoding) -> Result<Self, LoadError> {
        let is_xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if is_xlsx {
            open_xlsx(path)
        } else {
            open_csv(path, encoding)
        }
    }

    /// CSV text held in memory (an upload), read exactly like a file; `name` stands for the
    /// file in messages.
    pub fn from_csv_bytes(
        name: &str,
        bytes: Vec<u8>,
        encoding: Encoding,
    ) -> Result<Self, LoadError> {
        csv_from_reader(Path::new(name), io::Cursor::new(bytes), encoding)
    }

    /// Rows already split into cells (e.g. JSON objects), each with its line (row number).
    pub fn from_rows(name: &str, header: Vec<String>, rows: Vec<RowItem>) -> Self {
        Self {
            path: PathBuf::from(name),
            header,
            encoding: "UTF-8",
            rows: Box::new(rows.into_iter().map(Ok)),
        }
    }

    /// The next row, a rejected row, or a file-level error (after which reading stops).
    pub fn next_item(&mut self) -> Option<Result<RowItem, LoadError>> {
        self.rows.next()
    }
}

fn malformed(path: &Path, line: u64, reason: impl Into<String>) -> LoadError {
    LoadError::Malformed {
        file: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

fn io_error(path: &Path, source: io::Error) -> LoadError {
    LoadError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn open_csv(path: &Path, encoding: Encoding) -> Result<TableReader, LoadError> {
    let file =
        BufReader::with_capacity(256 * 1024, File::open(path).map_err(|e| io_error(path, e))?);
    csv_from_reader(path, file, encoding)
}

fn csv_from_reader(
    path: &Path,
    mut file: impl Read + Send + 'static,
    encoding: Encoding,
) -> Result<TableReader, LoadError> {
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut file)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| io_error(path, e))?;
    let has_bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let use_gb18030 = match encoding {
        Encoding::Utf8 => false,
        Encoding::Gb18030 => true,
        Encoding::Auto => {
            !has_bom
                && match std::str::from_utf8(&head) {
                    Ok(_) => false,
                    // Valid except for a character cut at the end of the sample.
                    Err(e) => e.error_len().is_some(),
                }
        }
    };
    let bytes = io::Cursor::new(head).chain(file);
    let (reader, name): (Box<dyn Read + Send>, &'static str) = if use_gb18030 {
        (Box::new(Gb18030Reader::new(bytes)), "GB18030")
    } else {
        (Box::new(bytes), "UTF-8")
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(reader);

    let mut record = csv::ByteRecord::new();
    let has_header = csv
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(path, e))?;
    if !has_header {
        return Err(malformed(path, 1, "the file is empty (no header row)"));
    }
    let header = decode_cells(&record)
        .map_err(|(col, _)| {
            malformed(
                path,
                1,
                format!(
                    "header cell {} is not valid UTF-8 (try --encoding gb18030)",
                    col + 1
                ),
            )
        })?
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}').to_string()
            } else {
                h
            };
            h.trim().to_string()
        })
        .collect::<Vec<_>>();
    let width = header.len();
    let owned_path = path.to_path_buf();
    let mut done = false;
    let rows = std::iter::from_fn(move || {
        if done {
            return None;
        }
        loop {
            let line = csv.position().line();
            match csv.read_byte_record(&mut record) {
                Ok(false) => {
                    done = true;
                    return None;
                }
                Err(e) => {
                    done = true;
                    return Some(Err(csv_error(&owned_path, e)));
                }
                Ok(true) => {}
            }
            let start_line = record.position().map(|p| p.line()).unwrap_or(line);
            let next_line = csv.position().line();
            let cells = match decode_cells(&record) {
                Ok(cells) => cells,
                Err((col, text)) => {
                    return Some(Ok(RowItem::BadRow {
                        line: start_line,
                        reason: format!(
                        "cell {} is not valid UTF-8 (is the file GB18030? try --encoding gb18030)",
                        col + 1
                    ),
                        text,
                    }))
                }
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue; // blank line
            }
            if cells.len() != width {
                // A quote left open swallows the following lines into one cell: that is a
                // broken file, not a bad row, and the rows it swallowed must not vanish quietly.
                if next_line > start_line + 1 && cells.len() < width {
                    done = true;
                    return Some(Err(malformed(
                        &owned_path,
                        start_line,
                        format!(
                            "broken quoting: a quoted cell opened on line {start_line} runs on to line {}",
                            next_line.saturating_sub(1)
                        ),
                    )));
                }
                if cells.len() > width {
                    return Some(Ok(RowItem::BadRow {
                        line: start_line,
                        reason: format!(
                            "row has {} cells but the header has {width} (an unquoted comma?)",
                            cells.len()
                        ),
                        text: cells.join(","),
                    }));
                }
                let mut cells = cells;
                cells.resize(width, String::new());
                return Some(Ok(RowItem::Row(RawRow {
                    line: start_line,
                    cells,
                })));
            }
            return Some(Ok(RowItem::Row(RawRow {
                line: start_line,
                cells,
            })));
        }
    });
    Ok(TableReader {
        path: path.to_path_buf(),
        header,
        encoding: name,
        rows: Box::new(rows),
    })
}

fn decode_cells(record: &csv::ByteRecord) -> Result<Vec<String>, (usize, String)> {
    let mut cells = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(s) => cells.push(s.to_string()),
            Err(_) => {
                let text = record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect::<Vec<_>>()
                    .join(",");
                return Err((i, text));
            }
        }
    }
    Ok(cells)
}

fn csv_error(path: &Path, error: csv::Error) -> LoadError {
    let line = error.position().map(|p| p.line()).unwrap_or(0);
    match error.into_kind() {
        csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::InvalidData => {
            malformed(path, line, e.to_string())
        }
        csv::ErrorKind::Io(e) => io_error(path, e),
        other => malformed(path, line, format!("{other:?}")),
    }
}

/// Decodes GB18030 to UTF-8 as a stream. Undecodable bytes are an error naming the line,
/// never silently replaced.
struct Gb18030Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    input_start: usize,
    input_end: usize,
    output: Vec<u8>,
    output_start: usize,
    output_end: usize,
    eof: bool,
    lines: u64,
}

impl<R: Read> Gb18030Reader<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            decoder: encoding_rs::GB18030.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            input_start: 0,
            input_end: 0,
            output: vec![0; 3 * 64 * 1024 + 16],
            output_start: 0,
            output_end: 0,
            eof: false,
            lines: 1,
        }
    }
}

impl<R: Read> Read for Gb18030Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.output_start < self.output_end {
                let n = buf.len().min(self.output_end - self.output_start);
                buf[..n].copy_from_slice(&self.output[self.output_start..self.output_start + n]);
                self.output_start += n;
                return Ok(n);
            }
            if self.input_start == self.input_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.input_start = 0;
                self.input_end = n;
                self.eof = n == 0;
            }
            if self.eof && self.input_start == self.input_end {
                let (result, _, written) =
                    self.decoder
                        .decode_to_utf8_without_replacement(&[], &mut self.output, true);
                if let encoding_rs::DecoderResult::Malformed(_, _) = result {
                    return Err(self.undecodable());
                }
                if written == 0 {
                    return Ok(0);
                }
                self.output_start = 0;
                self.output_end = written;
                continue;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.input_start..self.input_end],
                &mut self.output,
                false,
            );
            self.input_start += read;
            self.lines += self.output[..written]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.output_start = 0;
            self.output_end = written;
            if let encoding_rs::DecoderResult::Malformed(_, _) = result {
                return Err(self.undecodable());
            }
        }
    }
}

impl<R> Gb18030Reader<R> {
    fn undecodable(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "undecodable bytes (neither UTF-8 nor GB18030) on line {}",
                self.lines
            ),
        )
    }
}

fn open_xlsx(path: &Path) -> Result<TableReader, LoadError> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| malformed(path, 0, format!("not a readable xlsx workbook: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| malformed(path, 0, "the workbook has no sheet"))?
        .map_err(|e| malformed(path, 0, format!("cannot read the first sheet: {e}")))?;
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let cell_text = |cell: &Data| -> String {
        match cell {
            Data::Empty | Data::Error(_) => String::new(),
            Data::String(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => d
                .as_datetime()
                .map(|dt| dt.date().format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| d.to_string()),
            Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
            Data::DurationIso(s) => s.clone(),
        }
    };
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .ok_or_else(|| malformed(path, 1, "the first sheet is empty (no header row)"))?
        .iter()
        .map(|c| cell_text(c).trim().to_string())
        .collect();
    let width = header.len();
    let all: Vec<RawRow> = rows
        .enumerate()
        .map(|(i, row)| {
            let mut cells: Vec<String> = row.iter().map(cell_text).collect();
            cells.resize(width.max(cells.len()), String::new());
            cells.truncate(width);
            RawRow {
                line: first_row + i as u64 + 2,
                cells,
            }
        })
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(TableReader {
        path: path.to_path_buf(),
        header,
        encoding: "xlsx",
        rows: Box::new(all.into_iter().map(|r| Ok(RowItem::Row(r)))),
    })
}

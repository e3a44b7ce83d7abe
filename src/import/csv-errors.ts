/** The file's header does not name the columns its kind (or preset) needs. */
export class CsvHeaderError extends Error {
  readonly code = "CSV_HEADER";
}

/** The path is not a readable file (a directory, a device). */
export class CsvFileError extends Error {
  readonly code = "CSV_FILE";
}

// The CSV writer: a header, then one line per record, quoting only where a reader needs it and
// neutralising cells a spreadsheet would run as formulas.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "io/record_writer.hpp"

namespace leadflow::io {

// The text of one cell: strings as they are; null or missing -> empty; numbers and booleans as
// JSON text; arrays and objects as compact JSON.
std::string csv_cell_text(const Record* value);

// `text` quoted if it holds the delimiter, a quote, CR or LF, or starts or ends with a space or
// tab; quotes inside are doubled.
std::string csv_quoted(std::string_view text, char delimiter);

// Writes the header at once. The stream must outlive the writer. See open_writer for the cells
// and WriterOptions for formula neutralising.
std::unique_ptr<RecordWriter> make_csv_writer(std::ostream& out, char delimiter, std::vector<OutputColumn> columns,
                                              WriterOptions options);

}  // namespace leadflow::io

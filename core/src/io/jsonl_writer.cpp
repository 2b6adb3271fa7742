// JSON Lines output: one compact object per line, written as soon as it arrives.
#include "io/jsonl_writer.hpp"

namespace leadflow::io {
namespace {

class JsonlWriter final : public RecordWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}

  void write(const Record& record) override {
    out_ << record.dump(-1, ' ', false, Record::error_handler_t::replace) << '\n';
    check_stream();
  }

  void finish() override {
    out_.flush();
    check_stream();
  }

 private:
  void check_stream() const {
    if (!out_) {
      throw Error("writing the JSONL output failed; check that the disk is not full and the output is still open");
    }
  }

  std::ostream& out_;
};

}  // namespace

std::unique_ptr<RecordWriter> make_jsonl_writer(std::ostream& out) { return std::make_unique<JsonlWriter>(out); }

}  // namespace leadflow::io

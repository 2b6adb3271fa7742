// An output file that appears at its final path complete or not at all: it is written as
// "<path>.tmp-<pid>", then fsynced and renamed into place on commit().
#pragma once

#include <filesystem>
#include <fstream>

namespace leadflow::io {

// THREAD: one thread at a time.
class AtomicFile {
 public:
  // Creates the temporary file. Throws io::Error when the directory is missing or not writable.
  explicit AtomicFile(std::filesystem::path final_path);
  // Without commit(), the temporary file is deleted and the final path is left as it was.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& temporary_path() const { return temporary_path_; }

  // Flushes, fsyncs and renames the temporary file to the final path, then fsyncs the
  // directory. Throws io::Error when any of that fails. Calling it twice does nothing.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temporary_path_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace leadflow::io

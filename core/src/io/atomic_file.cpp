// Temp-then-rename output so a crash or a failed run never leaves a truncated file where a
// finished one is expected; fsync before rename so the rename never outruns the data.
#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "io/record.hpp"

namespace leadflow::io {
namespace {

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// fsync through a fresh descriptor: std::ofstream does not expose its own.
void sync_to_disk(const std::filesystem::path& path, int open_flags) {
  const int fd = ::open(path.c_str(), open_flags | O_CLOEXEC);
  if (fd < 0) {
    throw Error(fmt::format("{}: cannot open it to flush it to disk ({})", path.string(), std::strerror(errno)));
  }
  const int result = ::fsync(fd);
  const int fsync_errno = errno;
  ::close(fd);
  if (result != 0) {
    throw Error(fmt::format("{}: flushing to disk failed ({}); check that the disk is not full", path.string(),
                            std::strerror(fsync_errno)));
  }
}

// A process killed while writing (SIGKILL, power loss) leaves its "<path>.tmp-<pid>" behind:
// remove those of processes that are gone, never a live writer's.
void remove_orphaned_temporaries(const std::filesystem::path& final_path) {
  const auto prefix = final_path.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory_of(final_path), ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const auto pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)),
      temporary_path_(final_path_.string() + fmt::format(".tmp-{}", ::getpid())) {
  const auto directory = directory_of(final_path_);
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    throw Error(fmt::format("{}: the directory {} does not exist; create it first or choose another output path",
                            final_path_.string(), directory.string()));
  }
  remove_orphaned_temporaries(final_path_);
  out_.open(temporary_path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    throw Error(fmt::format("{}: cannot create the temporary file {} ({}); check that the directory is writable",
                            final_path_.string(), temporary_path_.string(), std::strerror(errno)));
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void AtomicFile::commit() {
  if (committed_) return;
  out_.flush();
  out_.close();
  if (out_.fail()) {
    throw Error(fmt::format("{}: writing {} failed; check that the disk is not full", final_path_.string(),
                            temporary_path_.string()));
  }
  sync_to_disk(temporary_path_, O_RDONLY);
  std::error_code ec;
  std::filesystem::rename(temporary_path_, final_path_, ec);
  if (ec) {
    throw Error(fmt::format("{}: cannot move the finished output {} into place ({}); the complete output is "
                            "still in the temporary file",
                            final_path_.string(), temporary_path_.string(), ec.message()));
  }
  committed_ = true;
  sync_to_disk(directory_of(final_path_), O_RDONLY | O_DIRECTORY);
}

}  // namespace leadflow::io

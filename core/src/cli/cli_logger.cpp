// The CLI's stderr logger; see cli_logger.hpp.
#include "cli/cli_logger.hpp"

#include "cli/progress_reporter.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>

namespace leadflow::cli {
namespace {

class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    ProgressReporter::clear_live_line();
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

spdlog::level::level_enum level_for(int verbosity, bool quiet) {
  if (quiet) return spdlog::level::err;
  switch (verbosity) {
    case 0: return spdlog::level::warn;
    case 1: return spdlog::level::info;
    case 2: return spdlog::level::debug;
    default: return spdlog::level::trace;
  }
}

}  // namespace

std::shared_ptr<spdlog::logger> make_cli_logger(int verbosity, bool quiet) {
  auto sink = std::make_shared<StderrSink>();
  sink->set_pattern("leadflow: %l: %v");
  auto logger = std::make_shared<spdlog::logger>("leadflow", std::move(sink));
  logger->set_level(level_for(verbosity, quiet));
  logger->flush_on(spdlog::level::trace);
  return logger;
}

}  // namespace leadflow::cli

// Progress of a run on stderr: a live line redrawn ten times a second on a terminal, a plain
// line every few seconds otherwise (logs, CI), nothing with --quiet. stdout stays data only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

namespace leadflow::cli {

struct ProgressSnapshot {
  std::uint64_t rows_done = 0;
  std::optional<std::uint64_t> rows_total;
  std::uint64_t found = 0;
  std::uint64_t not_found = 0;
  std::uint64_t failed = 0;
  double credits = 0;
};

enum class ProgressMode { live, plain, off };
ProgressMode detect_progress_mode(bool quiet, bool no_progress);

// Renders one progress line (no newline); separate so it is testable.
std::string format_progress(const ProgressSnapshot& snapshot, std::chrono::duration<double> elapsed);

// THREAD: the engine's event-loop thread.
class ProgressReporter {
 public:
  ProgressReporter(boost::asio::io_context& io, ProgressMode mode, std::function<ProgressSnapshot()> snapshot);
  void start();
  void stop();  // clears the live line
  // Erases the live line so a log message can be printed; the next tick redraws it.
  static void clear_live_line();

 private:
  void schedule_tick();
  void tick();

  boost::asio::steady_timer timer_;
  ProgressMode mode_;
  std::function<ProgressSnapshot()> snapshot_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool running_ = false;
};

}  // namespace leadflow::cli

// Progress rendering; see progress_reporter.hpp.
#include "cli/progress_reporter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>

namespace leadflow::cli {
namespace {

std::atomic<bool> live_line_shown{false};

std::string format_duration(double seconds) {
  if (seconds < 60) return fmt::format("{:.0f}s", seconds);
  if (seconds < 3600) return fmt::format("{:.0f}m{:02.0f}s", seconds / 60 - 0.5, std::fmod(seconds, 60));
  return fmt::format("{:.0f}h{:02.0f}m", seconds / 3600 - 0.5, std::fmod(seconds / 60, 60));
}

}  // namespace

ProgressMode detect_progress_mode(bool quiet, bool no_progress) {
  if (quiet || no_progress) return ProgressMode::off;
  return isatty(STDERR_FILENO) ? ProgressMode::live : ProgressMode::plain;
}

std::string format_progress(const ProgressSnapshot& s, std::chrono::duration<double> elapsed) {
  const double seconds = std::max(elapsed.count(), 1e-3);
  const double rate = static_cast<double>(s.rows_done) / seconds;
  std::string line = s.rows_total ? fmt::format("{}/{} rows", s.rows_done, *s.rows_total) : fmt::format("{} rows", s.rows_done);
  line += fmt::format(" · {:.1f} rows/s · found {} · not found {} · failed {} · {:g} credits", rate, s.found, s.not_found, s.failed, s.credits);
  if (s.rows_total && rate > 0 && *s.rows_total >= s.rows_done)
    line += " · ETA " + format_duration(static_cast<double>(*s.rows_total - s.rows_done) / rate);
  return line;
}

ProgressReporter::ProgressReporter(boost::asio::io_context& io, ProgressMode mode, std::function<ProgressSnapshot()> snapshot)
    : timer_(io), mode_(mode), snapshot_(std::move(snapshot)) {}

void ProgressReporter::start() {
  if (mode_ == ProgressMode::off) return;
  running_ = true;
  started_ = std::chrono::steady_clock::now();
  schedule_tick();
}

// A terminal gets a live line ten times a second; a log gets a line every few seconds.
void ProgressReporter::schedule_tick() {
  timer_.expires_after(mode_ == ProgressMode::live ? std::chrono::milliseconds(100) : std::chrono::seconds(5));
  timer_.async_wait([this](const boost::system::error_code& ec) { if (!ec) tick(); });
}

void ProgressReporter::tick() {
  if (!running_) return;
  const auto line = format_progress(snapshot_(), std::chrono::steady_clock::now() - started_);
  if (mode_ == ProgressMode::live) {
    fmt::print(stderr, "\r\033[K{}", line);
    live_line_shown = true;
  } else {
    fmt::print(stderr, "leadflow: {}\n", line);
  }
  std::fflush(stderr);
  schedule_tick();
}

void ProgressReporter::stop() {
  running_ = false;
  timer_.cancel();
  clear_live_line();
}

void ProgressReporter::clear_live_line() {
  if (live_line_shown.exchange(false)) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

}  // namespace leadflow::cli

// Runs the built `vramcalc` binary as a child process for the CLI tests: exit
// status, stdout, stderr, wall time and peak memory (wait4's ru_maxrss), with a
// deadline after which the child is killed (so a hang fails the test instead of
// blocking the suite).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace vramcalc::testing {

struct CliRun {
  int status = -1;         // exit status; -1 when killed by a signal (or the deadline)
  bool timed_out = false;  // killed at the deadline
  std::string out;
  std::string err;
  double seconds = 0;   // wall time
  long max_rss_kb = 0;  // peak resident memory of the child
};

inline CliRun RunCli(const std::string& binary, const std::vector<std::string>& args,
                     double deadline_seconds = 60) {
  CliRun r;
  char out_tmpl[] = "/tmp/vramcalc_cli_out_XXXXXX";
  char err_tmpl[] = "/tmp/vramcalc_cli_err_XXXXXX";
  const int out_fd = mkstemp(out_tmpl);
  const int err_fd = mkstemp(err_tmpl);
  if (out_fd < 0 || err_fd < 0) return r;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open("/dev/null", O_RDONLY);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
    if (done < 0) break;
    if (spent.count() > deadline_seconds) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
  r.seconds = spent.count();
  r.max_rss_kb = usage.ru_maxrss;
  r.status = !r.timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  close(out_fd);
  close(err_fd);
  r.out = ReadFile(out_tmpl);
  r.err = ReadFile(err_tmpl);
  unlink(out_tmpl);
  unlink(err_tmpl);
  return r;
}

// True when `s` is one line of printable text: no byte below 0x20 (no ESC, no CR)
// and no DEL, but the final newline.
inline bool IsOnePrintableLine(const std::string& s) {
  if (s.empty() || s.back() != '\n') return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace vramcalc::testing

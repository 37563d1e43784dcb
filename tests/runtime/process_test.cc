#include "runtime/process.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

using namespace fasdl;

TEST_CASE("process: a child's exit code comes back through try_reap and wait_for") {
  const auto pid = process::spawn({process::find_program("sh"), {"-c", "exit 7"}, {}, {}, "", ""});
  REQUIRE(pid.ok());
  const auto status = process::wait_for(*pid, 10.0);
  REQUIRE(status.has_value());
  CHECK(status->exited());
  CHECK(status->code == 7);
  CHECK(status->describe() == "exit code 7");
}

TEST_CASE("process: the child sees the added environment") {
  const auto pid = process::spawn({process::find_program("sh"),
                                   {"-c", "test \"$FASDL_TEST_VALUE\" = 42"},
                                   {{"FASDL_TEST_VALUE", "42"}},
                                   {},
                                   "",
                                   ""});
  REQUIRE(pid.ok());
  CHECK(process::wait_for(*pid, 10.0)->code == 0);
}

TEST_CASE("process: a program that cannot run is an error, not a child") {
  const auto pid = process::spawn({"/nonexistent/fasdl-worker", {}, {}, {}, "", ""});
  REQUIRE_FALSE(pid.ok());
  CHECK(pid.error().message == "cannot run /nonexistent/fasdl-worker: No such file or directory");
  CHECK(process::find_program("no-such-program-fasdl").empty());
  CHECK_FALSE(process::find_program("sh").empty());
}

TEST_CASE("process: stop ends a child with SIGTERM, or with SIGKILL when it ignores SIGTERM") {
  const auto polite = process::spawn({process::find_program("sleep"), {"30"}, {}, {}, "", ""});
  REQUIRE(polite.ok());
  CHECK_FALSE(process::try_reap(*polite).has_value());
  CHECK(process::stop(*polite, 5.0).signal == SIGTERM);
  const auto stubborn = process::spawn(
      {process::find_program("sh"), {"-c", "trap '' TERM; sleep 30"}, {}, {}, "", ""});
  REQUIRE(stubborn.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // until the trap is set
  CHECK(process::stop(*stubborn, 0.3).signal == SIGKILL);
}

TEST_CASE("process: random_hex gives 2n hex digits that differ between calls") {
  const std::string a = process::random_hex(12);
  CHECK(a.size() == 24);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != process::random_hex(12));
}

TEST_CASE("process: stop_all stops 400 children that ignore SIGTERM in one grace period") {
  // One after another, 400 children that ignore SIGTERM would take 400 grace periods (400 s,
  // beyond this test's 300 s timeout, which is only a safety net: nothing here is timed).
  std::vector<pid_t> pids;
  for (int i = 0; i < 400; ++i) {
    const auto pid = process::spawn(
        {process::find_program("sh"), {"-c", "trap '' TERM; exec sleep 60"}, {}, {}, "", ""});
    REQUIRE(pid.ok());
    pids.push_back(*pid);
  }
  const auto statuses = process::stop_all(pids, 1.0);
  REQUIRE(statuses.size() == pids.size());
  for (std::size_t i = 0; i < pids.size(); ++i) {
    CHECK((statuses[i].signal == SIGKILL || statuses[i].signal == SIGTERM));
    CHECK(kill(pids[i], 0) != 0);  // reaped: no such process any more
  }
  CHECK(process::stop_all({}, 1.0).empty());
}

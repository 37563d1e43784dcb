#include "runtime/cgroup.h"

#include <sched.h>

#include <catch2/catch.hpp>
#include <thread>

using namespace fasdl::cgroup;

namespace {

// This sandbox's layout: v1 controllers under /sys/fs/cgroup/<name>, a
// unified hierarchy beside them, the process in a memory cgroup of its own.
constexpr const char* kMountinfo =
    "25 20 0:22 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "26 25 0:23 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu\n"
    "27 25 0:24 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "28 25 0:25 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    "29 25 0:26 /kube/pod1 /sys/fs/cgroup/cpuset ro - cgroup cgroup rw,cpuset\n";
constexpr const char* kProcCgroup =
    "4:memory:/process_api/2d7d\n"
    "3:cpuset:/kube/pod1/c\n"
    "1:cpu:/\n"
    "0::/\n";

}  // namespace

TEST_CASE("cgroup: mountinfo lines give the root, mount point, type and controllers") {
  const auto mounts = parse_mountinfo(kMountinfo);
  REQUIRE(mounts.size() == 5);
  CHECK(mounts[1].point == "/sys/fs/cgroup/cpu");
  CHECK(mounts[1].type == "cgroup");
  CHECK(mounts[1].super_options == std::vector<std::string>{"rw", "cpu"});
  CHECK(mounts[3].type == "cgroup2");
  CHECK(mounts[4].root == "/kube/pod1");
}

TEST_CASE("cgroup: this process's folder per controller, below the mount's own root") {
  const auto mounts = parse_mountinfo(kMountinfo);
  const auto groups = parse_proc_cgroup(kProcCgroup);
  CHECK(own_folder(mounts, groups, "cpu") == "/sys/fs/cgroup/cpu");
  CHECK(own_folder(mounts, groups, "memory") == "/sys/fs/cgroup/memory/process_api/2d7d");
  CHECK(own_folder(mounts, groups, "cpuset") == "/sys/fs/cgroup/cpuset/c");
  CHECK(own_folder(mounts, groups, "") == "/sys/fs/cgroup/unified");
  CHECK(own_folder(mounts, groups, "blkio").empty());
  const auto v2_only = parse_mountinfo("30 1 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
  CHECK(own_folder(v2_only, parse_proc_cgroup("0::/user.slice/session-1.scope\n"), "") ==
        "/sys/fs/cgroup/user.slice/session-1.scope");
}

TEST_CASE("cgroup: cores become a CFS quota of at least 1 ms per period") {
  CHECK(quota_for(0.5).quota_us == 10'000);
  CHECK(quota_for(0.5).period_us == 20'000);
  CHECK(quota_for(1.5).quota_us == 30'000);
  const CpuQuota tiny = quota_for(0.01);
  CHECK(tiny.quota_us >= 1000);
  CHECK(static_cast<double>(tiny.quota_us) / tiny.period_us == Approx(0.01).epsilon(0.05));
}

namespace {

// The CPUs in this thread's affinity mask (sched_getaffinity, independently of cgroup.cc).
int affinity_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  return CPU_COUNT(&set);
}

}  // namespace

TEST_CASE("cgroup: the cores available are at least one and at most the CPUs") {
  const double cores = available_cores();
  const int cpus = affinity_cpus();
  INFO("available_cores() = " << cores << ", CPUs in the affinity mask: " << cpus
                              << ", hardware_concurrency: " << std::thread::hardware_concurrency());
  // A CPU quota may give a fraction of a core, never none and never more than the CPUs.
  CHECK(cores > 0);
  CHECK(cores <= cpus);
  if (std::thread::hardware_concurrency() > 0) CHECK(cores <= std::thread::hardware_concurrency());
}

TEST_CASE("cgroup: the cores available follow this process's affinity mask") {
  cpu_set_t all;
  CPU_ZERO(&all);
  REQUIRE(sched_getaffinity(0, sizeof all, &all) == 0);
  int first = 0;
  while (!CPU_ISSET(first, &all))
    ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
  const double pinned = available_cores();
  REQUIRE(sched_setaffinity(0, sizeof all, &all) == 0);
  CHECK(pinned > 0);
  CHECK(pinned <= 1);
  CHECK(available_cores() <= affinity_cpus());
}

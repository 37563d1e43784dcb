// CPU and memory limits for emulated functions through the kernel's control
// groups (internal): cgroup v2 (cpu.max, memory.max) when this process's
// unified cgroup can delegate both controllers, else cgroup v1
// (cpu.cfs_quota_us, memory.limit_in_bytes), else none, with the reason.
//
// Each worker gets its own cgroup <own cgroup>/fasdl-<run id>/worker-<i>,
// created before the workers start and removed when the run ends.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fasdl::cgroup {

// One line of /proc/self/mountinfo.
struct Mount {
  std::string root;                        // the folder of the hierarchy mounted here
  std::string point;                       // where it is mounted
  std::string type;                        // "cgroup", "cgroup2", ...
  std::vector<std::string> super_options;  // for cgroup v1: the controllers, among others
};
std::vector<Mount> parse_mountinfo(std::string_view text);

// One line of /proc/self/cgroup: "3:cpu,cpuacct:/path" ("0::/path" for v2).
struct Membership {
  std::string controllers;  // "cpu,cpuacct", "" for v2
  std::string path;
};
std::vector<Membership> parse_proc_cgroup(std::string_view text);

// The folder of this process's cgroup for a v1 controller ("cpu",
// "memory"), or of its v2 cgroup when `controller` is empty; "" if none.
std::string own_folder(const std::vector<Mount>& mounts, const std::vector<Membership>& groups,
                       std::string_view controller);

// cores as a CFS quota: period 20 ms (10 ms up to 1 s so that the quota is
// at least the kernel's 1 ms), quota = cores * period.
struct CpuQuota {
  long long quota_us = 0;
  long long period_us = 0;
};
CpuQuota quota_for(double cores);

// The cores this process may use: CPUs in its affinity mask, capped by its
// own cgroup's CPU quota when it has one.
double available_cores();

class WorkerGroups {
 public:
  // Creates one cgroup per worker with the given limits. Never fails: when
  // the kernel refuses, the workers run unthrottled and description() says why.
  WorkerGroups(std::string_view run_id, int workers, double cores, long long memory_bytes);
  // No groups: the workers run unthrottled and description() is "none: <why>".
  explicit WorkerGroups(std::string_view why) : description_("none: " + std::string(why)) {}
  ~WorkerGroups();
  WorkerGroups(const WorkerGroups&) = delete;
  WorkerGroups& operator=(const WorkerGroups&) = delete;

  bool cpu_limited() const { return cpu_limited_; }
  bool memory_limited() const { return memory_limited_; }
  // "cgroup v1: cpu.cfs_quota_us 4000/20000 us, memory.limit_in_bytes 256 MB"
  // or "none: <why>".
  const std::string& description() const { return description_; }
  // cgroup.procs files a worker's process joins.
  std::vector<std::string> procs_files(int worker) const;
  // Out-of-memory kills the kernel counted in a worker's cgroup.
  long long oom_kills(int worker) const;

 private:
  struct Folder {
    std::string run;  // <own>/fasdl-<run id>
    std::vector<std::string> workers;
  };
  bool make(const std::string& own, std::string_view run_id, int workers, Folder& out,
            std::string& why);
  void remove(Folder& f);
  // The limits through one kind of hierarchy at `own`: "" when every worker's
  // group has them, else why not (the groups are then removed).
  std::string limit_v2(const std::string& own, std::string_view run_id, int workers,
                       const CpuQuota& q, long long memory_bytes);
  std::string limit_v1_cpu(const std::string& own, std::string_view run_id, int workers,
                           const CpuQuota& q);
  std::string limit_v1_memory(const std::string& own, std::string_view run_id, int workers,
                              long long memory_bytes);

  int version_ = 0;
  Folder cpu_;
  Folder memory_;  // v1 only; v2 uses cpu_ for both
  bool cpu_limited_ = false;
  bool memory_limited_ = false;
  std::string description_;
};

}  // namespace fasdl::cgroup

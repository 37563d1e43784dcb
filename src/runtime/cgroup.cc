#include "runtime/cgroup.h"

#include <fmt/format.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "base/text.h"
#include "fasdl/formats/files.h"

namespace fasdl::cgroup {

namespace {

// The file's text, "" when it cannot be read (files.cc reads every file).
std::string slurp(const std::string& path) {
  auto text = read_file(path);
  return text ? std::move(text).value() : std::string();
}

// "" on success, else the reason.
std::string write_text(const std::string& path, const std::string& value) {
  auto file = OutputFile::open(path);
  if (!file) return file.error().message;
  if (!file.value().write(value) || !file.value().close()) {
    return fmt::format("cannot write \"{}\": {}", value, file.value().error());
  }
  return "";
}

std::string trimmed(const std::string& s) {
  return std::string(text::trim(s));
}

bool has_word(std::string_view list, std::string_view word, char sep) {
  for (std::string_view w : text::split(list, sep)) {
    if (text::trim(w) == word) return true;
  }
  return false;
}

long long counter(const std::string& file, std::string_view name) {
  const std::string content = slurp(file);
  for (std::string_view line : text::lines(content)) {
    const auto words = text::split(line, ' ');
    if (words.size() == 2 && words[0] == name) return text::to_integer(words[1]).value_or(0);
  }
  return 0;
}

}  // namespace

std::vector<Mount> parse_mountinfo(std::string_view text) {
  std::vector<Mount> out;
  for (std::string_view line : text::lines(text)) {
    const auto fields = text::split(line, ' ');
    // id parent major:minor root point options [optional...] - type source super
    std::size_t dash = 0;
    while (dash < fields.size() && fields[dash] != "-")
      ++dash;
    if (fields.size() < 5 || dash + 1 >= fields.size()) continue;
    Mount m;
    m.root = std::string(fields[3]);
    m.point = std::string(fields[4]);
    m.type = std::string(fields[dash + 1]);
    if (dash + 3 < fields.size()) {
      for (std::string_view o : text::split(fields[dash + 3], ','))
        m.super_options.emplace_back(o);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Membership> parse_proc_cgroup(std::string_view text) {
  std::vector<Membership> out;
  for (std::string_view line : text::lines(text)) {
    const auto first = line.find(':');
    const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    out.push_back({std::string(line.substr(first + 1, second - first - 1)),
                   std::string(line.substr(second + 1))});
  }
  return out;
}

std::string own_folder(const std::vector<Mount>& mounts, const std::vector<Membership>& groups,
                       std::string_view controller) {
  const Membership* group = nullptr;
  for (const Membership& g : groups) {
    if (controller.empty() ? g.controllers.empty() : has_word(g.controllers, controller, ',')) {
      group = &g;
    }
  }
  if (group == nullptr) return "";
  for (const Mount& m : mounts) {
    const bool match =
        controller.empty()
            ? m.type == "cgroup2"
            : m.type == "cgroup" && std::find(m.super_options.begin(), m.super_options.end(),
                                              controller) != m.super_options.end();
    if (!match) continue;
    // The mount shows the hierarchy from m.root down; our path must lie below it.
    std::string path = group->path;
    if (m.root != "/") {
      if (path.compare(0, m.root.size(), m.root) != 0) continue;
      path = path.substr(m.root.size());
    }
    return path.empty() || path == "/" ? m.point : m.point + path;
  }
  return "";
}

CpuQuota quota_for(double cores) {
  constexpr long long kMinQuotaUs = 1000;  // the kernel's minimum
  long long period = 20'000;
  while (cores * static_cast<double>(period) < kMinQuotaUs && period < 1'000'000)
    period *= 2;
  period = std::min<long long>(period, 1'000'000);
  return {std::max(kMinQuotaUs, std::llround(cores * static_cast<double>(period))), period};
}

double available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  double cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
  const auto mounts = parse_mountinfo(slurp("/proc/self/mountinfo"));
  const auto groups = parse_proc_cgroup(slurp("/proc/self/cgroup"));
  if (const std::string v2 = own_folder(mounts, groups, ""); !v2.empty()) {
    const std::string max = trimmed(slurp(v2 + "/cpu.max"));
    const auto words = text::split(max, ' ');
    if (words.size() == 2 && words[0] != "max") {
      const auto quota = text::to_double(words[0]);
      const auto period = text::to_double(words[1]);
      if (quota && period && *period > 0) cores = std::min(cores, *quota / *period);
    }
  }
  if (const std::string v1 = own_folder(mounts, groups, "cpu"); !v1.empty()) {
    const auto quota = text::to_double(trimmed(slurp(v1 + "/cpu.cfs_quota_us")));
    const auto period = text::to_double(trimmed(slurp(v1 + "/cpu.cfs_period_us")));
    if (quota && period && *quota > 0 && *period > 0) cores = std::min(cores, *quota / *period);
  }
  return cores;
}

bool WorkerGroups::make(const std::string& own, std::string_view run_id, int workers, Folder& out,
                        std::string& why) {
  out.run = fmt::format("{}/fasdl-{}", own, run_id);
  if (mkdir(out.run.c_str(), 0755) != 0) {
    why = fmt::format("cannot create {}: {}", out.run, std::strerror(errno));
    out.run.clear();
    return false;
  }
  if (version_ == 2) {
    if (std::string e = write_text(own + "/cgroup.subtree_control", "+cpu +memory");
        !e.empty() ||
        !(e = write_text(out.run + "/cgroup.subtree_control", "+cpu +memory")).empty()) {
      why = e;
      remove(out);
      return false;
    }
  }
  for (int w = 0; w < workers; ++w) {
    out.workers.push_back(fmt::format("{}/worker-{}", out.run, w));
    if (mkdir(out.workers.back().c_str(), 0755) != 0) {
      why = fmt::format("cannot create {}: {}", out.workers.back(), std::strerror(errno));
      out.workers.pop_back();
      remove(out);
      return false;
    }
  }
  return true;
}

void WorkerGroups::remove(Folder& f) {
  // Only our workers ever join these groups; any still there (a process a
  // worker started, one not yet gone) goes now.
  for (const std::string& w : f.workers) {
    const std::string procs = slurp(w + "/cgroup.procs");
    for (std::string_view pid : text::lines(procs)) {
      if (const auto p = text::to_integer(pid); p && *p > 0) kill(static_cast<pid_t>(*p), SIGKILL);
    }
  }
  // The kernel may take a moment to let go of exited processes.
  for (int attempt = 0; attempt < 100; ++attempt) {
    while (!f.workers.empty() && rmdir(f.workers.back().c_str()) == 0)
      f.workers.pop_back();
    if (f.workers.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (f.workers.empty() && !f.run.empty() && rmdir(f.run.c_str()) == 0) f.run.clear();
}

// A quota caps a worker's CPU; the weight of the run's group makes the cap
// also (nearly) a floor, as Lambda guarantees a function its vCPUs: against
// other processes of the machine the group of all W workers would otherwise
// weigh as one process. The quotas keep the workers from taking more than
// their cores (fasdl/run.h). Best effort: a kernel that refuses the weight
// leaves the default.
constexpr long long kTopShares = 262144;  // cgroup v1 cpu.shares maximum
constexpr long long kTopWeight = 10000;   // cgroup v2 cpu.weight maximum

WorkerGroups::WorkerGroups(std::string_view run_id, int workers, double cores,
                           long long memory_bytes) {
  const auto mounts = parse_mountinfo(slurp("/proc/self/mountinfo"));
  const auto groups = parse_proc_cgroup(slurp("/proc/self/cgroup"));
  const CpuQuota q = quota_for(cores);
  const std::string mb = fmt::format("{} MB", memory_bytes >> 20);

  std::string why = "no cgroup v2 hierarchy";
  if (const std::string own = own_folder(mounts, groups, ""); !own.empty()) {
    why = limit_v2(own, run_id, workers, q, memory_bytes);
    if (why.empty()) {
      description_ =
          fmt::format("cgroup v2: cpu.max {} {} us, memory.max {}", q.quota_us, q.period_us, mb);
      return;
    }
  }
  version_ = 1;
  std::string cpu_why = "no cgroup v1 cpu hierarchy";
  if (const std::string own = own_folder(mounts, groups, "cpu"); !own.empty()) {
    cpu_why = limit_v1_cpu(own, run_id, workers, q);
  }
  std::string memory_why = "no cgroup v1 memory hierarchy";
  if (const std::string own = own_folder(mounts, groups, "memory"); !own.empty()) {
    memory_why = limit_v1_memory(own, run_id, workers, memory_bytes);
  }
  if (cpu_limited_ || memory_limited_) {
    description_ = fmt::format(
        "cgroup v1: {}, {}",
        cpu_limited_ ? fmt::format("cpu.cfs_quota_us {} per {} us", q.quota_us, q.period_us)
                     : "no CPU limit (" + cpu_why + ")",
        memory_limited_ ? "memory.limit_in_bytes " + mb : "no memory limit (" + memory_why + ")");
    return;
  }
  version_ = 0;
  description_ = fmt::format("none: {}; {}; {}", why, cpu_why, memory_why);
}

std::string WorkerGroups::limit_v2(const std::string& own, std::string_view run_id, int workers,
                                   const CpuQuota& q, long long memory_bytes) {
  const std::string offered = slurp(own + "/cgroup.controllers");
  if (!has_word(trimmed(offered), "cpu", ' ') || !has_word(trimmed(offered), "memory", ' ')) {
    return fmt::format("cgroup v2 at {} offers no cpu and memory controllers", own);
  }
  version_ = 2;
  std::string why;
  if (!make(own, run_id, workers, cpu_, why)) return "cgroup v2: " + why;
  const std::string memory = std::to_string(memory_bytes);
  for (const std::string& w : cpu_.workers) {
    if (why.empty())
      why = write_text(w + "/cpu.max", fmt::format("{} {}", q.quota_us, q.period_us));
    if (why.empty()) why = write_text(w + "/memory.max", memory);
    if (why.empty() && access((w + "/memory.swap.max").c_str(), F_OK) == 0) {
      why = write_text(w + "/memory.swap.max", "0");
    }
  }
  if (!why.empty()) {
    remove(cpu_);
    return "cgroup v2: " + why;
  }
  // The run's group weighs as much as the kernel allows, so that a worker
  // gets its quota whatever else the machine runs (see kTopShares).
  write_text(cpu_.run + "/cpu.weight", std::to_string(kTopWeight));
  cpu_limited_ = memory_limited_ = true;
  return "";
}

std::string WorkerGroups::limit_v1_cpu(const std::string& own, std::string_view run_id, int workers,
                                       const CpuQuota& q) {
  std::string why;
  if (!make(own, run_id, workers, cpu_, why)) return why;
  for (const std::string& w : cpu_.workers) {
    if (why.empty()) why = write_text(w + "/cpu.cfs_period_us", std::to_string(q.period_us));
    if (why.empty()) why = write_text(w + "/cpu.cfs_quota_us", std::to_string(q.quota_us));
  }
  if (why.empty()) write_text(cpu_.run + "/cpu.shares", std::to_string(kTopShares));
  cpu_limited_ = why.empty();
  if (!cpu_limited_) remove(cpu_);
  return why;
}

std::string WorkerGroups::limit_v1_memory(const std::string& own, std::string_view run_id,
                                          int workers, long long memory_bytes) {
  std::string why;
  if (!make(own, run_id, workers, memory_, why)) return why;
  const std::string memory = std::to_string(memory_bytes);
  for (const std::string& w : memory_.workers) {
    if (why.empty()) why = write_text(w + "/memory.limit_in_bytes", memory);
    // No swap beyond the limit, as on Lambda; absent when swap accounting is off.
    if (why.empty() && access((w + "/memory.memsw.limit_in_bytes").c_str(), F_OK) == 0) {
      write_text(w + "/memory.memsw.limit_in_bytes", memory);
    }
  }
  memory_limited_ = why.empty();
  if (!memory_limited_) remove(memory_);
  return why;
}

WorkerGroups::~WorkerGroups() {
  remove(cpu_);
  remove(memory_);
}

std::vector<std::string> WorkerGroups::procs_files(int worker) const {
  std::vector<std::string> out;
  const auto w = static_cast<std::size_t>(worker);
  if (cpu_limited_ && w < cpu_.workers.size()) out.push_back(cpu_.workers[w] + "/cgroup.procs");
  if (version_ == 1 && memory_limited_ && w < memory_.workers.size()) {
    out.push_back(memory_.workers[w] + "/cgroup.procs");
  }
  return out;
}

long long WorkerGroups::oom_kills(int worker) const {
  const auto w = static_cast<std::size_t>(worker);
  if (version_ == 2 && w < cpu_.workers.size())
    return counter(cpu_.workers[w] + "/memory.events", "oom_kill");
  if (version_ == 1 && w < memory_.workers.size()) {
    return counter(memory_.workers[w] + "/memory.oom_control", "oom_kill");
  }
  return 0;
}

}  // namespace fasdl::cgroup

#ifndef PLANRULES_BENCHMARKS_MEMORY_HPP
#define PLANRULES_BENCHMARKS_MEMORY_HPP

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace planrules_bench {

/// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"); 0 when unknown.
inline long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return 0;
}

} // namespace planrules_bench

#endif

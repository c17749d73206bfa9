// Loads a generated long CSV of 64 indicators × 2,844 regions × 11 years (about
// 54 MB) and prints the load speed and the store's bytes per value.
//   csv_load [file] [runs]   (the file is written first when it does not exist)
#include <planrules/planrules.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>

namespace {

constexpr int indicators = 64, regions = 2844, years = 11;

void generate(const std::string& path) {
  std::mt19937 random(42);
  std::uniform_real_distribution<double> value(0, 100);
  std::string text = "indicator,region,year,value\n";
  char line[64];
  for (int i = 0; i < indicators; ++i)
    for (int r = 0; r < regions; ++r)
      for (int y = 0; y < years; ++y)
        text.append(line, static_cast<std::size_t>(
                              std::snprintf(line, sizeof line, "ind_%02d,reg_%04d,%d,%.2f\n", i, r, 2020 + y, value(random))));
  std::ofstream(path, std::ios::binary) << text;
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

} // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : (std::filesystem::temp_directory_path() / "planrules_csv_load.csv").string();
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  if (!std::filesystem::exists(path)) generate(path);
  const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;

  auto cat = std::make_shared<planrules::catalogue>();
  for (int i = 0; i < indicators; ++i) {
    planrules::indicator_info info;
    char id[16];
    std::snprintf(id, sizeof id, "ind_%02d", i);
    info.id = id;
    info.unit = planrules::parse_unit("%").value();
    cat->add(info);
  }

  double best_wall = 1e9, best_cpu = 1e9;
  for (int run = 0; run < runs; ++run) {
    const auto wall0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    planrules::measurement_set_builder builder(cat);
    const auto report = planrules::load_csv(builder, path);
    auto built = builder.finish();
    const double cpu = cpu_seconds() - cpu0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    if (!report || !built) {
      std::cerr << "load failed\n";
      return 1;
    }
    best_wall = std::min(best_wall, wall);
    best_cpu = std::min(best_cpu, cpu);
    const auto& set = built->set;
    std::printf("run %d: %.1f ms wall (%.0f MB/s), %.1f ms cpu (%.0f MB/s); %zu values, %.2f bytes/value (%.3f x 8)\n",
                run + 1, wall * 1e3, megabytes / wall, cpu * 1e3, megabytes / cpu, set.value_count(),
                static_cast<double>(set.memory_bytes()) / static_cast<double>(set.value_count()),
                static_cast<double>(set.memory_bytes()) / (8.0 * static_cast<double>(set.value_count())));
  }
  std::printf("%.1f MB: best %.0f MB/s wall, %.0f MB/s cpu\n", megabytes, megabytes / best_wall, megabytes / best_cpu);
}

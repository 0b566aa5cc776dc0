// Reading checked-in corpus files in the replay tests.

#ifndef STEPWISE_FUZZ_CORPUS_FILES_H_
#define STEPWISE_FUZZ_CORPUS_FILES_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace stepwise::fuzz {

inline std::vector<uint8_t> ReadCorpusFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The regular files in `dir`, sorted so failures name files in a stable
// order; empty if `dir` does not exist.
inline std::vector<std::filesystem::path> CorpusFiles(
    const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace stepwise::fuzz

#endif  // STEPWISE_FUZZ_CORPUS_FILES_H_

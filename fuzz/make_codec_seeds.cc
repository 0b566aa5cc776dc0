// fuzz_codec_seeds DIR: writes the codec fuzzer's seed corpus (valid and
// reject-* seeds) into DIR.
//
//   build/fuzz/fuzz_codec_seeds fuzz/corpus/codec

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/codec_seeds.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<stepwise::fuzz::Seed> seeds = stepwise::fuzz::CodecSeeds();
  for (stepwise::fuzz::Seed& seed : stepwise::fuzz::CodecRejectSeeds()) {
    seeds.push_back(std::move(seed));
  }
  for (const stepwise::fuzz::Seed& seed : seeds) {
    const std::string path = dir + "/" + seed.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(seed.bytes.data(),
              static_cast<std::streamsize>(seed.bytes.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      return 2;
    }
  }
  return 0;
}

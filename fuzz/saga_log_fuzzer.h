// libFuzzer target for the saga log (wire/saga_log.h), shared by the
// libFuzzer binary `fuzz_saga_log` and saga_log_corpus_test: any bytes are
// read without a crash, the intact prefix ends with the canonical bytes of
// the record it returns, and a log reads clean exactly when all of it is
// intact. A broken promise aborts.

#ifndef STEPWISE_FUZZ_SAGA_LOG_FUZZER_H_
#define STEPWISE_FUZZ_SAGA_LOG_FUZZER_H_

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // STEPWISE_FUZZ_SAGA_LOG_FUZZER_H_

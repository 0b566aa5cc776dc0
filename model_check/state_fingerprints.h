// How the explorer names a state in its visited set: the 64-bit fingerprint
// of a state, and under --symmetry of its orbit (symmetry reduction). Three
// ways, chosen once per run: on an unordered network the cheap order-free
// fingerprint, or with symmetry the orbit fingerprint built from it; on an
// ordered network the fingerprint of the canonical encoding (under symmetry,
// the encoding of the orbit's least renaming). Also what the frontier keeps
// of a new state.

#ifndef STEPWISE_MODEL_CHECK_STATE_FINGERPRINTS_H_
#define STEPWISE_MODEL_CHECK_STATE_FINGERPRINTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/protocol.h"
#include "model_check/cluster.h"
#include "model_check/fast_codec.h"
#include "model_check/fingerprint.h"
#include "model_check/options.h"
#include "model_check/stable_hash.h"

namespace stepwise::mc {

template <core::Protocol P>
class StateFingerprints {
 public:
  using Config = typename P::Config;

  StateFingerprints(const Config& config, const Options& options)
      : network_(options.network) {
    if constexpr (core::SymmetricProtocol<P>) {
      if (options.symmetry) {
        symmetry_ =
            SymmetryGroup(P::node_count(config), P::symmetric_nodes(config));
      }
    }
  }

  // Whether symmetry reduction was requested but cannot be applied.
  static bool SymmetryTooLarge(const Config& config) {
    if constexpr (core::SymmetricProtocol<P>) {
      return P::symmetric_nodes(config).size() > kMaxSymmetricNodes;
    } else {
      return false;
    }
  }

  // The renamings symmetry reduction applies, the identity first; empty
  // without --symmetry.
  const std::vector<std::vector<NodeId>>& symmetry() const { return symmetry_; }

  // Unordered networks without symmetry use the cheap order-free
  // fingerprint; with symmetry, orbit fingerprints built from it; ordered
  // networks the fingerprint of the canonical encoding.
  bool FastFingerprints() const {
    return symmetry_.empty() && network_ != Network::kOrdered;
  }
  // Under symmetry on an unordered network a state's fingerprint is its
  // orbit's: the sum of the order-free fingerprints of all its renamings,
  // mixed. Every member of an orbit has the same renamings, so the same
  // sum; a sum of them all (unlike their minimum) stays uniform, so the
  // collision estimate still holds. Nothing is sorted, encoded or compared,
  // and the frontier keeps the state itself: any member of an orbit stands
  // for the others.
  bool OrbitFingerprints() const {
    return !symmetry_.empty() && network_ != Network::kOrdered;
  }
  uint64_t OrbitFingerprint(const Cluster<P>& c, Cluster<P>* renamed) const {
    // symmetry_[0] is the identity (SymmetryGroup): `c` itself, uncopied.
    uint64_t sum = UnorderedFingerprint(c);
    for (size_t k = 1; k < symmetry_.size(); ++k) {
      PermuteInto(c, symmetry_[k], renamed);
      sum += UnorderedFingerprint(*renamed);
    }
    const uint64_t fp = Mix64(sum);
    return fp == 0 ? 1 : fp;
  }
  // The fingerprint of `c`, whose network need not be sorted. `scratch`
  // receives the canonical encoding when the fingerprint needs one, and
  // `renamed` the renamings of an orbit fingerprint.
  uint64_t FingerprintOf(Cluster<P>& c, std::string* scratch,
                         Cluster<P>* renamed) const {
    if (FastFingerprints()) return UnorderedFingerprint(c);
    if constexpr (core::SymmetricProtocol<P>) {
      if (OrbitFingerprints()) return OrbitFingerprint(c, renamed);
    }
    Canonicalize(c, network_ == Network::kOrdered);
    CanonicalBytes(c, scratch);
    return Fingerprint(*scratch);
  }
  uint64_t FingerprintOf(const Cluster<P>& c) const {
    Cluster<P> copy = c;
    Cluster<P> renamed;
    std::string scratch;
    return FingerprintOf(copy, &scratch, &renamed);
  }
  // What the frontier keeps of a new state, whose fingerprint was just
  // taken: on an unordered network the state itself, sorted; on an ordered
  // one the encoding the fingerprint was made from (already in `bytes`).
  void FrontierBytes(Cluster<P>& c, std::string* bytes) const {
    if (network_ == Network::kOrdered) return;
    Canonicalize(c, /*ordered_links=*/false);
    EncodeInto(c, bytes);
  }

 private:
  // Writes the encoding of the cluster's orbit representative to `out`.
  void CanonicalBytes(const Cluster<P>& c, std::string* out) const {
    if constexpr (core::SymmetricProtocol<P>) {
      if (symmetry_.empty()) return EncodeInto(c, out);
      std::string encoded;
      out->clear();
      for (const auto& perm : symmetry_) {
        Cluster<P> renamed = Permute(c, perm);
        Canonicalize(renamed, network_ == Network::kOrdered);
        EncodeInto(renamed, &encoded);
        if (out->empty() || encoded < *out) out->swap(encoded);
      }
    } else {
      EncodeInto(c, out);
    }
  }

  Network network_;
  std::vector<std::vector<NodeId>> symmetry_;
};

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_STATE_FINGERPRINTS_H_

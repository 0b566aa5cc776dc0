#include "wire/frame.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::wire {
namespace {

using ::testing::HasSubstr;

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out += kHex[static_cast<uint8_t>(c) >> 4];
    out += kHex[static_cast<uint8_t>(c) & 15];
  }
  return out;
}

struct Decoded {
  std::vector<std::string> payloads;
  std::string error;
};

Decoded DecodeChunks(const std::vector<std::string_view>& chunks,
                     uint32_t max = kDefaultMaxFrameBytes) {
  FrameDecoder decoder(max);
  Decoded decoded;
  for (std::string_view chunk : chunks) {
    decoder.Feed(chunk);
    std::string payload;
    for (;;) {
      const ParseStatus status = decoder.Next(&payload, &decoded.error);
      if (status == ParseStatus::kDone) {
        decoded.payloads.push_back(payload);
        continue;
      }
      if (status == ParseStatus::kError) return decoded;
      break;
    }
  }
  return decoded;
}

TEST(Frame, HeaderIsBigEndianLength) {
  std::string out;
  AppendFrame(&out, "abc");
  EXPECT_EQ(out, std::string("\0\0\0\3abc", 7));
  out.clear();
  AppendFrame(&out, std::string(0x01020304 & 0xffff, 'x'));
  EXPECT_EQ(out.substr(0, 4), std::string("\0\0\x03\x04", 4));
}

TEST(Frame, EverySplitPointGivesTheSameFrames) {
  const std::vector<std::string> payloads = {"a", std::string(300, 'b'),
                                             std::string("\0\1\2", 3), "end"};
  std::string stream;
  for (const std::string& payload : payloads) AppendFrame(&stream, payload);
  for (size_t a = 0; a <= stream.size(); ++a) {
    for (size_t b = a; b <= stream.size(); b += 13) {
      const std::string_view view(stream);
      const Decoded decoded = DecodeChunks(
          {view.substr(0, a), view.substr(a, b - a), view.substr(b)});
      EXPECT_EQ(decoded.error, "");
      ASSERT_EQ(decoded.payloads, payloads) << "cuts at " << a << ", " << b;
    }
  }
}

TEST(Frame, BytesConsumedCountsWholeFrames) {
  FrameDecoder decoder;
  std::string stream;
  AppendFrame(&stream, "12345");
  decoder.Feed(stream + std::string("\0\0", 2));
  std::string payload, error;
  EXPECT_EQ(decoder.Next(&payload, &error), ParseStatus::kDone);
  EXPECT_EQ(decoder.Next(&payload, &error), ParseStatus::kNeedMore);
  EXPECT_EQ(decoder.bytes_consumed(), 9u);
  EXPECT_EQ(decoder.buffered_bytes(), 2u);
}

TEST(Frame, OversizeIsRejectedBeforeThePayloadArrives) {
  std::string stream;
  AppendFrame(&stream, "ok");
  stream += std::string("\x00\x00\x10\x01", 4);  // 4097 bytes announced
  const Decoded decoded = DecodeChunks({stream}, 4096);
  EXPECT_EQ(decoded.payloads, std::vector<std::string>{"ok"});
  EXPECT_EQ(decoded.error, "frame length 4097 over limit 4096 at byte 6");
  EXPECT_EQ(DecodeChunks({"\xff\xff\xff\xff"}).error,
            "frame length 4294967295 over limit 16777216 at byte 0");
  // Exactly at the limit is fine.
  std::string at_limit;
  AppendFrame(&at_limit, std::string(4096, 'x'));
  EXPECT_EQ(DecodeChunks({at_limit}, 4096).payloads.size(), 1u);
}

TEST(Frame, ZeroLengthIsAnErrorAndSticky) {
  FrameDecoder decoder;
  decoder.Feed(std::string("\0\0\0\0", 4));
  std::string payload, error;
  EXPECT_EQ(decoder.Next(&payload, &error), ParseStatus::kError);
  EXPECT_EQ(error, "zero-length frame at byte 0");
  std::string good;
  AppendFrame(&good, "x");
  decoder.Feed(good);
  error.clear();
  EXPECT_EQ(decoder.Next(&payload, &error), ParseStatus::kError);
  EXPECT_EQ(error, "zero-length frame at byte 0");
}

PeerHello MakeHello(uint32_t node_id, char nonce_byte) {
  PeerHello hello;
  hello.magic = std::string(kPeerMagic);
  hello.cluster_id = "test-cluster";
  hello.node_id = node_id;
  hello.client_address = "127.0.0.1:700" + std::to_string(node_id);
  hello.nonce = std::string(kNonceBytes, nonce_byte);
  return hello;
}

TEST(Hello, RoundTrips) {
  const PeerHello hello = MakeHello(2, 'n');
  const absl::StatusOr<PeerHello> decoded = DecodeHello(EncodeHello(hello));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, hello);
}

std::string HelloError(const PeerHello& hello) {
  const absl::StatusOr<PeerHello> decoded = DecodeHello(EncodeHello(hello));
  EXPECT_FALSE(decoded.ok());
  return std::string(decoded.status().message());
}

TEST(Hello, RejectsWhatIsNotAValidHello) {
  PeerHello hello = MakeHello(1, 'a');
  hello.magic = "stepwise-peeR";
  EXPECT_THAT(HelloError(hello), HasSubstr("wrong magic"));
  hello = MakeHello(1, 'a');
  hello.version = 2;
  EXPECT_EQ(HelloError(hello),
            "peer hello: version 2 not supported (this node speaks 1)");
  hello = MakeHello(1, 'a');
  hello.nonce.pop_back();
  EXPECT_EQ(HelloError(hello), "peer hello: nonce of 31 bytes, expected 32");
  hello.nonce = "";
  EXPECT_THAT(HelloError(hello), HasSubstr("nonce of 0 bytes"));
  hello = MakeHello(0, 'a');
  EXPECT_THAT(HelloError(hello), HasSubstr("node id 0"));
  hello = MakeHello(1, 'a');
  hello.cluster_id = "";
  EXPECT_THAT(HelloError(hello), HasSubstr("cluster id"));
  hello.cluster_id = std::string(kMaxClusterIdBytes + 1, 'c');
  EXPECT_THAT(HelloError(hello), HasSubstr("cluster id"));
  hello = MakeHello(1, 'a');
  hello.client_address = "h:1\r\n-ERR forged";
  EXPECT_THAT(HelloError(hello), HasSubstr("client address"));
  // Not a hello at all, truncated, trailing bytes, hostile lengths.
  const std::string good = EncodeHello(MakeHello(1, 'a'));
  EXPECT_FALSE(DecodeHello("").ok());
  EXPECT_FALSE(DecodeHello(good.substr(0, good.size() - 1)).ok());
  EXPECT_FALSE(DecodeHello(good + "x").ok());
  EXPECT_FALSE(DecodeHello(std::string("\x01\xff\xff\xff\xff\x0f", 6)).ok());
  EXPECT_THAT(std::string(DecodeHello("\x02").status().message()),
              HasSubstr("peer hello"));
}

TEST(Hmac, Rfc4231TestCase2) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Proof, VerifiesOnlyWithTheSameSecretRoleAndHellos) {
  const PeerHello dialer = MakeHello(1, 'd');
  const PeerHello acceptor = MakeHello(2, 'a');
  const std::string proof =
      PeerProof("secret", PeerRole::kDialer, dialer, acceptor);
  EXPECT_EQ(proof.size(), kProofBytes);
  EXPECT_TRUE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, dialer, acceptor), proof));
  EXPECT_FALSE(ProofMatches(
      PeerProof("Secret", PeerRole::kDialer, dialer, acceptor), proof));
  // Reflection: the acceptor's proof is not the dialer's.
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kAcceptor, dialer, acceptor), proof));
  // Swapped hellos (the same two nodes dialing the other way).
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, acceptor, dialer), proof));
  // Replay on a new connection: fresh nonces.
  PeerHello other = acceptor;
  other.nonce[31] = 'b';
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, dialer, other), proof));
  other = dialer;
  other.nonce[0] = 'e';
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, other, acceptor), proof));
  // Every bound field counts.
  other = acceptor;
  other.cluster_id = "other";
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, dialer, other), proof));
  other = acceptor;
  other.node_id = 3;
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, dialer, other), proof));
  other = acceptor;
  other.client_address = "127.0.0.1:9999";
  EXPECT_FALSE(ProofMatches(
      PeerProof("secret", PeerRole::kDialer, dialer, other), proof));
}

TEST(Proof, MatchesComparesSizeAndEveryByte) {
  const std::string proof(kProofBytes, 'p');
  EXPECT_TRUE(ProofMatches(proof, proof));
  EXPECT_FALSE(ProofMatches(proof, proof.substr(1)));
  EXPECT_FALSE(ProofMatches(proof, ""));
  for (size_t i = 0; i < proof.size(); ++i) {
    std::string flipped = proof;
    flipped[i] ^= 1;
    EXPECT_FALSE(ProofMatches(proof, flipped)) << i;
  }
}

TEST(Refusal, RoundTrips) {
  const std::string payload = EncodeRefusal("wrong cluster id \"x\"");
  EXPECT_EQ(DecodeRefusal(payload), "wrong cluster id \"x\"");
  EXPECT_EQ(DecodeRefusal(EncodeRefusal("")), "");
  // Cut and made printable on both ends.
  EXPECT_EQ(DecodeRefusal(EncodeRefusal("a\r\nb\x01")), "a??b?");
  EXPECT_EQ(DecodeRefusal(EncodeRefusal(std::string(1000, 'r')))->size(),
            kMaxRefusalBytes);
}

TEST(Refusal, IsNeverAHelloOrAMessage) {
  EXPECT_EQ(DecodeRefusal(EncodeHello(MakeHello(1, 'a'))), std::nullopt);
  EXPECT_EQ(DecodeRefusal("refused"), std::nullopt);
  EXPECT_EQ(DecodeRefusal(""), std::nullopt);
  EXPECT_FALSE(DecodeHello(EncodeRefusal("no")).ok());
}

}  // namespace
}  // namespace stepwise::wire

package org.certhub.signer.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.certhub.signer.httpsig.ContentDigest.Algorithm;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;
import org.junit.jupiter.api.Test;

/** RFC 9530 Appendix B examples, content {@code {"hello": "world"}}. */
class ContentDigestTest {

  private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII);
  private static final String SHA256 = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
  private static final String SHA512 = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAg"
      + "BWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

  @Test
  void create_matchesRfc9530Examples() {
    assertThat(ContentDigest.create(HELLO, Algorithm.SHA_256)).isEqualTo(SHA256);
    assertThat(ContentDigest.create(HELLO, Algorithm.SHA_512)).isEqualTo(SHA512);
    assertThat(ContentDigest.create(HELLO, Algorithm.SHA_256, Algorithm.SHA_512))
        .isEqualTo(SHA256 + ", " + SHA512);
  }

  @Test
  void verify_rfc9530Examples_accepts() {
    assertThatCode(() -> ContentDigest.verify(SHA256, HELLO)).doesNotThrowAnyException();
    assertThatCode(() -> ContentDigest.verify(SHA512, HELLO)).doesNotThrowAnyException();
    assertThatCode(() -> ContentDigest.verify("md5=:AAAA:, " + SHA512, HELLO))
        .doesNotThrowAnyException();
  }

  @Test
  void verify_changedContent_isDigestMismatch() {
    byte[] other = "{\"hello\": \"World\"}".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ContentDigest.verify(SHA256 + ", " + SHA512, other))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessageContaining("sha-256");
  }

  @Test
  void verify_oneOfTwoWrong_isDigestMismatch() {
    String wrong512 = ContentDigest.create(new byte[0], Algorithm.SHA_512);
    assertThatThrownBy(() -> ContentDigest.verify(SHA256 + ", " + wrong512, HELLO))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessageContaining("sha-512");
  }

  @Test
  void verify_onlyUnknownAlgorithms_isMalformed() {
    assertThatThrownBy(() -> ContentDigest.verify("md5=:AAAA:, sha=:AAAA:", HELLO))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("sha-256 or sha-512");
  }

  @Test
  void verify_notAByteSequence_isMalformed() {
    assertThatThrownBy(() -> ContentDigest.verify("sha-256=\"X48E\"", HELLO))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(() -> ContentDigest.verify("sha-256=:X48E", HELLO))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessageContaining("Content-Digest at offset 13");
  }
}

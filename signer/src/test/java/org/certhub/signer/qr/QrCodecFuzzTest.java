package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.certhub.signer.fuzz.Seeds;

/**
 * The QR codecs under a presentation on arbitrary bytes (issue 9): {@link Base45} and {@link Cbor} decode or throw
 * their checked exception, and both are strict, so every accepted input is the encoding of what it decodes to
 * ({@code encode(decode(x)) == x}), and {@code decode(encode(y)) == y}.
 */
class QrCodecFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void codecs(byte[] data) throws Base45.Base45Exception {
    assertThat(Base45.decode(Base45.encode(data))).isEqualTo(data);
    String text = new String(data, StandardCharsets.ISO_8859_1);
    try {
      assertThat(Base45.encode(Base45.decode(text))).isEqualTo(text);
    } catch (Base45.Base45Exception e) {
      assertThat(e.getMessage()).contains("Base45");
    }
    Object value;
    try {
      value = Cbor.decode(data);
    } catch (Cbor.CborException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(Cbor.encode(value)).isEqualTo(data);
  }

  /** Writes the committed seeds: CBOR and Base45 from our encoders, plus malformed ones. */
  public static void main(String[] args) throws Exception {
    String text = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(),
        QrFixtures.pki(org.certhub.signer.algorithm.SignatureAlgorithm.ED25519).leafKey(), java.util.Set.of("name"),
        QrFixtures.NOW, 7);
    byte[] cose = Envelope.unwrap(text);
    Seeds.of(QrCodecFuzzTest.class, "codecs")
        .put("cose-sign1", cose)
        .put("cose-sign1-truncated", java.util.Arrays.copyOf(cose, cose.length - 3))
        .put("base45", text.substring(Envelope.PREFIX.length()))
        .put("cbor-non-shortest", new byte[] {0x18, 0x01})
        .put("cbor-unsorted-map", new byte[] {(byte) 0xa2, 0x02, 0x00, 0x01, 0x00})
        .put("cbor-huge-length", new byte[] {0x5b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})
        .put("cbor-deep", "\u0081".repeat(64).getBytes(StandardCharsets.ISO_8859_1));
  }
}

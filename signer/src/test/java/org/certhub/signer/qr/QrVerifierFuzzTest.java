package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.fuzz.Seeds;

/**
 * {@link QrVerifier#verify} on arbitrary input (issue 9, "Hostile input"): a verified presentation or a
 * {@link QrVerificationException}, nothing else (no RuntimeException, no OutOfMemoryError, no hang).
 *
 * <p>The first input byte picks the mode. Even: the rest is the scanned text ({@code CH1:}, Base45, zlib,
 * COSE_Sign1, CBOR). Odd: the rest is {@code <2-byte length><unprotected header CBOR><payload>}, which this test
 * signs with the trusted key at run time, so the fuzzer reaches the claims and disclosures behind the signature.
 */
class QrVerifierFuzzTest {
  private static final TestPki PKI = pki();
  private static final TrustList TRUST = QrFixtures.trust(PKI);

  @FuzzTest(maxDuration = "20s")
  void verify(byte[] data) throws Exception {
    if (data.length == 0) {
      return;
    }
    String text;
    if ((data[0] & 1) == 0) {
      text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    } else {
      text = signed(PKI.leafKey(), Arrays.copyOfRange(data, 1, data.length));
      if (text == null) {
        return;
      }
    }
    try {
      VerifiedPresentation v = QrVerifier.verify(text, TRUST, QrFixtures.NOW.plusSeconds(10));
      assertThat(v.issuerCode()).isEqualTo(QrFixtures.ISSUER);
    } catch (QrVerificationException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** The presentation text for {@code <length><unprotected><payload>}, or null when the header is no CBOR map. */
  static String signed(KeyHandle key, byte[] rest) throws Exception {
    int n = rest.length < 2 ? 0 : Math.min(rest.length - 2, ((rest[0] & 0xff) << 8) | (rest[1] & 0xff));
    int from = Math.min(rest.length, 2);
    Object unprotected;
    try {
      unprotected = Cbor.decode(Arrays.copyOfRange(rest, from, from + n));
    } catch (Cbor.CborException e) {
      return null;
    }
    if (!(unprotected instanceof Map<?, ?> map)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> header = (Map<Object, Object>) map;
    return Envelope.wrap(Cose.sign1(key, null, Arrays.copyOfRange(rest, from + n, rest.length), header));
  }

  private static TestPki pki() {
    try {
      return QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the committed seeds: presentations made by {@link QrPresentations}, as text and as header+payload. */
  public static void main(String[] args) throws Exception {
    Seeds seeds = Seeds.of(QrVerifierFuzzTest.class, "verify");
    int i = 0;
    for (Set<String> disclosed : List.of(Set.<String>of(), Set.of("name", "registeredCapital"))) {
      String text = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(), PKI.leafKey(), disclosed,
          QrFixtures.NOW, 42);
      seeds.put("text-" + i, ("T" + text).getBytes(StandardCharsets.UTF_8));
      seeds.put("text-" + i + "-cut", ("T" + text.substring(0, text.length() / 2)).getBytes(StandardCharsets.UTF_8));
      List<Object> cose = QrFixtures.open(text);
      byte[] unprotected = Cbor.encode(cose.get(1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(1);
      out.write(unprotected.length >> 8);
      out.write(unprotected.length);
      out.writeBytes(unprotected);
      out.writeBytes((byte[]) cose.get(2));
      seeds.put("signed-" + i, out.toByteArray());
      i++;
    }
    seeds.put("text-not-ch1", "Thttps://example.org/".getBytes(StandardCharsets.UTF_8));
    seeds.put("text-bad-base45", "TCH1:abc".getBytes(StandardCharsets.UTF_8));
  }
}

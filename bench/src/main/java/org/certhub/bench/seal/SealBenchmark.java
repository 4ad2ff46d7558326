package org.certhub.bench.seal;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealMaker;
import org.certhub.signer.seal.SealPictures;
import org.certhub.signer.seal.SealReport;
import org.certhub.signer.seal.SealRequest;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.seal.SealVerifier;
import org.certhub.signer.seal.Stamp;
import org.certhub.signer.seal.Stamper;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * GB/T 38540 stamps per second and stamp verifications per second, next to one bare SM2 signature and one SM2
 * verification through the same key API: a stamp is one SM2 signature (plus an RFC 3161 timestamp, a P-256
 * signature, when {@code timestamped}), and a full verification checks the seal maker's signature, the stamp
 * signature, the timestamp and both certificate paths, so the ratios show what the structure costs over the
 * primitive.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealBenchmark {

  /** Whether stamps carry a timestamp from the (in-process) timestamp authority. */
  @Param({"false", "true"})
  public boolean timestamped;

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private byte[] content;
  private Seal seal;
  private Stamper stamper;
  private SealVerifier verifier;
  private byte[] stampDer;
  private KeyHandle signer;
  private Verifier signerVerifier;
  private byte[] bareSignature;

  @Setup
  public void setUp() throws Exception {
    content = new byte[4096];
    new Random(20261207L).nextBytes(content); // fixed content, not a secret
    Instant nb = NOW.minus(Duration.ofDays(30));
    CertificateAuthority root = CertificateAuthority.createRoot(
        "CN=Bench Root,O=CertHub,C=CN", Keys.generate(SignatureAlgorithm.SM2_SM3), nb, NOW.plus(Duration.ofDays(3650)));
    CertificateAuthority issuing = root.createSubordinate(
        "CN=Bench Issuing,O=CertHub,C=CN", Keys.generate(SignatureAlgorithm.SM2_SM3), nb, NOW.plus(Duration.ofDays(1825)));
    KeyHandle maker = leaf(issuing, SignatureAlgorithm.SM2_SM3, "CN=Seal Maker,O=CertHub,C=CN", CertificateProfile.SEAL_MAKER);
    signer = leaf(issuing, SignatureAlgorithm.SM2_SM3, "CN=Zhang San,O=Market Regulation Bureau,C=CN", CertificateProfile.DOCUMENT_SIGNING);
    KeyHandle tsaKey = leaf(issuing, SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Bench TSA,O=CertHub,C=CN", CertificateProfile.TIME_STAMPING);
    seal = new SealMaker(maker, "CertHub", CLOCK).make(new SealRequest("43010000000001", 1, "长沙市市场监督管理局",
        List.of(signer.chain().get(0)), Optional.empty(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)),
        SealPictures.svg("长沙市市场监督管理局")));
    TimeStampAuthority tsa = new TimeStampAuthority(tsaKey, CLOCK);
    stamper = timestamped
        ? new Stamper(signer, CLOCK, value -> {
            try {
              return tsa.timestamp(value);
            } catch (SignerException e) {
              throw new IllegalStateException(e);
            }
          })
        : new Stamper(signer, CLOCK);
    Set<X509Certificate> anchors = Set.of(root.certificate());
    verifier = new SealVerifier(new SealTrust(anchors, anchors, anchors, List.of(issuing.certificate())),
        RevocationSource.NONE, SealStatusSource.NONE, CLOCK);
    stampDer = stamp().encoded();
    SealReport report = verifier.verifyStamp(stampDer, content);
    if (report.verdict() != SealReport.Verdict.PASSED) {
      throw new IllegalStateException("the benchmark's stamp must verify, but the report was: " + report);
    }
    signerVerifier = Verifier.forPublicKey(signer.publicKey());
    bareSignature = signer.sign(content);
  }

  private static KeyHandle leaf(CertificateAuthority ca, SignatureAlgorithm alg, String dn, CertificateProfile profile)
      throws SignerException {
    KeyPair kp = Keys.generate(alg);
    X509Certificate cert = ca.issue(CertificateRequest.of(dn, kp.getPublic(), profile, NOW.minus(Duration.ofDays(30)),
        NOW.plus(Duration.ofDays(365))));
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    chain.addAll(ca.chain());
    return Keys.handle(kp, chain);
  }

  /** Makes one SES_Signature v4 stamp over the content. */
  @Benchmark
  public Stamp stamp() throws SignerException {
    return stamper.stamp(seal, content, "/Doc_0/Signs/Sign_0/Signature.xml");
  }

  /** Verifies one stamp completely (all ten checks of FORMATS §1.8). */
  @Benchmark
  public SealReport verifyStamp() {
    return verifier.verifyStamp(stampDer, content);
  }

  /** The primitive under a stamp: one SM2 signature over the same content. */
  @Benchmark
  public byte[] bareSm2Sign() throws SignerException {
    return signer.sign(content);
  }

  /** The primitive under a verification: one SM2 verification over the same content. */
  @Benchmark
  public boolean bareSm2Verify() {
    try {
      signerVerifier.verify(bareSignature, content);
      return true;
    } catch (SignerException e) {
      return false;
    }
  }
}

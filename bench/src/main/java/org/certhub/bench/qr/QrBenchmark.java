package org.certhub.bench.qr;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.qr.QrPresentations;
import org.certhub.signer.qr.QrVerificationException;
import org.certhub.signer.qr.QrVerifier;
import org.certhub.signer.qr.TrustList;
import org.certhub.signer.qr.TrustedKey;
import org.certhub.signer.qr.TrustedType;
import org.certhub.signer.qr.VerifiedPresentation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * QR presentations made and verified per second, per algorithm, in the same run: the business licence
 * of the size test (six of seven fields disclosed) through {@link QrPresentations#make} (salt tree,
 * digests, commitment, CBOR, COSE signature, zlib attempt, Base45) and {@link QrVerifier#verify}
 * (the reverse, with the signature check against a trust list carrying the demo catalogue's types).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QrBenchmark {

  static final String ISSUER = "11330100MB1234567E";
  static final String BUSINESS = "11100000MB0143028R001";
  static final Set<String> SIX = Set.of("name", "type", "legalRepresentative", "registeredCapital", "establishedOn", "address");

  /** The issuer key's algorithm, a {@link SignatureAlgorithm} constant name. */
  @Param({"SM2_SM3", "ECDSA_P256_SHA256", "ED25519"})
  public String algorithm;

  private Instant now;
  private Licence licence;
  private LicenceType type;
  private KeyHandle key;
  private TrustList trust;
  private String text;

  /**
   * Issues a document-signing certificate under a fresh root, builds the licence and the trust list,
   * and makes one presentation for the verify benchmark.
   *
   * @throws Exception if key generation, issuance or the first round trip fails
   */
  @Setup
  public void setUp() throws Exception {
    SignatureAlgorithm alg = SignatureAlgorithm.valueOf(algorithm);
    now = Instant.now();
    Instant notBefore = now.minus(Duration.ofDays(1));
    CertificateAuthority root = CertificateAuthority.createRoot("CN=CertHub Bench Root " + alg + ",O=CertHub,C=CN",
        Keys.generate(alg), notBefore, now.plus(Duration.ofDays(3650)));
    KeyPair pair = Keys.generate(alg);
    X509Certificate leaf = root.issue(new CertificateRequest(
        "CN=Market Regulation Bureau,organizationIdentifier=" + ISSUER + ",O=Hangzhou,C=CN", pair.getPublic(),
        CertificateProfile.DOCUMENT_SIGNING, notBefore, now.plus(Duration.ofDays(365)), List.of(), List.of()));
    key = Keys.handle(pair, List.of(leaf, root.certificate()));
    LicenceTypes demo = LicenceTypes.demo();
    type = demo.find(BUSINESS).orElseThrow();
    trust = new TrustList(List.of(new TrustedKey(ISSUER, leaf)), demo.all().stream().map(TrustedType::of).toList());
    licence = new Licence(LicenceId.of(BUSINESS, ISSUER, "330106000123456", 1), BUSINESS, type.name(), ISSUER,
        "杭州市市场监督管理局", new Holder("91330106MA2B3C4D5E", Holder.USCC, "杭州示例科技有限公司"),
        Map.of(
            "name", "杭州示例科技有限公司",
            "type", "有限责任公司（自然人投资或控股）",
            "legalRepresentative", "张伟",
            "registeredCapital", "1000",
            "establishedOn", "2019-03-18",
            "address", "浙江省杭州市西湖区文三路90号东部软件园1号楼5层",
            "businessScope", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；"
                + "数据处理服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"),
        LocalDate.of(2019, 3, 18), null, now.minus(Duration.ofDays(30)));
    text = make();
    if (verify().disclosed().size() != SIX.size()) {
      throw new IllegalStateException("the presentation must disclose six fields, but did not");
    }
  }

  /**
   * Makes a presentation.
   *
   * @return the {@code CH1:} text
   * @throws SignerException if signing fails
   */
  @Benchmark
  public String make() throws SignerException {
    return QrPresentations.make(licence, type, key, SIX, now, 123_456);
  }

  /**
   * Verifies the presentation made in {@link #setUp}.
   *
   * @return what it proves
   * @throws QrVerificationException if it is refused (it never is)
   */
  @Benchmark
  public VerifiedPresentation verify() throws QrVerificationException {
    return QrVerifier.verify(text, trust, now);
  }
}

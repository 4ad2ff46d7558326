package org.certhub.signer.qr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.signer.pki.CertificateProfile;

/** A business licence of the demo catalogue, PKIs per algorithm, and COSE surgery for tamper tests. */
final class QrFixtures {

  static final String ISSUER = "11330100MB1234567E";
  static final String BUSINESS = "11100000MB0143028R001";
  static final Instant NOW = TestPki.NOW;

  private QrFixtures() {}

  static Licence businessLicence() {
    return new Licence(LicenceId.of(BUSINESS, ISSUER, "330106000123456", 1), BUSINESS, type().name(), ISSUER,
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
        LocalDate.of(2019, 3, 18), null, NOW.minusSeconds(86_400 * 30));
  }

  static TestPki pki(SignatureAlgorithm alg) throws Exception {
    return TestPki.create(alg, CertificateProfile.DOCUMENT_SIGNING);
  }

  static LicenceType type() {
    return LicenceTypes.demo().find(BUSINESS).orElseThrow();
  }

  /** The demo catalogue as the trust list carries it. */
  static List<TrustedType> types() {
    return LicenceTypes.demo().all().stream().map(TrustedType::of).toList();
  }

  static TrustList trust(TestPki pki) {
    return new TrustList(List.of(new TrustedKey(ISSUER, pki.leaf())), types());
  }

  /** The four COSE_Sign1 members, mutable. */
  static List<Object> open(String text) throws Exception {
    Cbor.Tag tag = (Cbor.Tag) Cbor.decode(Envelope.unwrap(text));
    return new ArrayList<>((List<?>) tag.content());
  }

  static String seal(List<Object> cose) {
    return Envelope.wrap(Cbor.encode(new Cbor.Tag(18, cose)));
  }
}

package org.certhub.signer.qr;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** A licence of a demo type with realistic values, and the fields a holder typically shows. */
  record Sample(Licence licence, LicenceType type, Set<String> typical) {}

  /** One licence of every type of the demo catalogue, in catalogue order. */
  static List<Sample> samples() {
    LicenceTypes demo = LicenceTypes.demo();
    List<Sample> out = new ArrayList<>();
    out.add(new Sample(businessLicence(), type(), QrPresentationTest.SIX));
    out.add(sample(demo, "11100000MB10000011001", "11330100MB5678901B", "杭州市公安局", "K7Q2M9X4T1B8N5R3C6W0",
        new Holder("330106198503124527", Holder.CITIZEN_ID, "王秀英"), LocalDate.of(2015, 6, 1), LocalDate.of(2035, 6, 1),
        Map.of("name", "王秀英", "sex", "女", "ethnicity", "汉", "birthDate", "1985-03-12",
            "address", "浙江省杭州市西湖区古荡街道文一西路522号3幢2单元601室", "issuingAuthority", "杭州市公安局西湖分局",
            "photo", "sha256:" + "5f3c9a1e".repeat(8)),
        Set.of("name", "sex", "birthDate")));
    out.add(sample(demo, "11100000MB2000002A001", "11330100MB67890124", "杭州市西湖区民政局", "M4D8H2K6P0T9V3X7Z1B5",
        new Holder("330106199002154513", Holder.CITIZEN_ID, "李明"), LocalDate.of(2021, 5, 20), null,
        Map.of("certificateNumber", "J330106-2021-004521", "holderName", "李明", "registeredOn", "2021-05-20",
            "spouse1Name", "李明", "spouse1Id", "330106199002154513", "spouse2Name", "陈静", "spouse2Id", "330102199206183026",
            "registryOffice", "杭州市西湖区民政局"),
        Set.of("certificateNumber", "holderName", "registeredOn", "spouse1Name", "spouse2Name", "registryOffice")));
    out.add(sample(demo, "11100000MB10000011002", "11330100MB5678901B", "杭州市公安局交通警察支队", "R8T2W6Y0A4C9E3G7J1L5",
        new Holder("330105198807236111", Holder.CITIZEN_ID, "赵磊"), LocalDate.of(2022, 9, 15), LocalDate.of(2032, 9, 15),
        Map.of("name", "赵磊", "sex", "男", "nationality", "中国", "birthDate", "1988-07-23",
            "address", "浙江省杭州市拱墅区莫干山路100号5幢302室", "firstIssuedOn", "2010-09-15", "vehicleClass", "C1",
            "photo", "sha256:" + "a1b2c3d4".repeat(8)),
        Set.of("name", "firstIssuedOn", "vehicleClass")));
    out.add(sample(demo, "11100000MB0143028R002", ISSUER, "杭州市西湖区市场监督管理局", "JY23301060123456",
        new Holder("91330106MA2H7K8L9M", Holder.USCC, "杭州知味餐饮管理有限公司"), LocalDate.of(2023, 4, 10), LocalDate.of(2028, 4, 9),
        Map.of("permitNumber", "JY23301060123456", "operatorName", "杭州知味餐饮管理有限公司", "legalRepresentative", "刘芳",
            "address", "浙江省杭州市西湖区西溪路556号", "premises", "浙江省杭州市西湖区西溪路556号1层101室",
            "mainBusiness", "餐饮服务经营者", "businessItems", "热食类食品制售；冷食类食品制售；自制饮品制售",
            "supervisingAuthority", "杭州市西湖区市场监督管理局"),
        Set.of("permitNumber", "operatorName", "premises", "mainBusiness", "businessItems")));
    out.add(sample(demo, "11100000MB3000003K001", "11330100MB7890123D", "杭州市规划和自然资源局", "B3F7K1N5Q9S2U6W0Y4D8",
        new Holder("330106197904082345", Holder.CITIZEN_ID, "孙丽"), LocalDate.of(2022, 7, 1), null,
        Map.of("certificateNumber", "浙（2022）杭州市不动产权第0123456号", "obligee", "孙丽", "coOwnership", "单独所有",
            "location", "杭州市西湖区文二路391号西湖国际科技大厦A座1201室", "unitNumber", "330106007001GB00012F00010012",
            "rightType", "国有建设用地使用权/房屋所有权", "rightNature", "出让/市场化商品房", "usage", "城镇住宅用地/住宅",
            "area", "89.56", "landUseTermEnd", "2082-06-30"),
        Set.of("certificateNumber", "obligee", "coOwnership", "usage", "area")));
    return out;
  }

  private static Sample sample(LicenceTypes demo, String typeCode, String issuer, String issuerName, String serial,
      Holder holder, LocalDate from, LocalDate until, Map<String, String> fields, Set<String> typical) {
    LicenceType type = demo.find(typeCode).orElseThrow();
    Licence licence = new Licence(LicenceId.of(typeCode, issuer, serial, 1), typeCode, type.name(), issuer, issuerName,
        holder, fields, from, until, NOW.minusSeconds(86_400 * 30));
    if (!type.check(licence).isEmpty()) {
      throw new IllegalStateException("sample of " + type.name() + " must be valid, but: " + type.check(licence));
    }
    return new Sample(licence, type, typical);
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

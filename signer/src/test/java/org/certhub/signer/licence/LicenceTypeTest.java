package org.certhub.signer.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LicenceTypeTest {
  static final String ISSUER = "11330100MB1234567E";
  static final LicenceType BUSINESS = LicenceTypes.demo().find("11100000MB0143028R001").orElseThrow();

  static Map<String, String> businessFields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", "杭州示例科技有限公司");
    f.put("type", "有限责任公司");
    f.put("legalRepresentative", "张三");
    f.put("registeredCapital", "100");
    f.put("establishedOn", "2024-03-18");
    f.put("address", "浙江省杭州市西湖区文三路1号");
    f.put("businessScope", "技术服务");
    return f;
  }

  static Licence business(Map<String, String> fields, String idType, LocalDate until) {
    return new Licence(
        LicenceId.of(BUSINESS.code(), ISSUER, "A1", 1), BUSINESS.code(), "营业执照", ISSUER, "杭州市市场监督管理局",
        new Holder("91330106MA2B3C4D5D", idType, "杭州示例科技有限公司"), fields, LocalDate.parse("2024-03-18"), until,
        Instant.parse("2024-03-18T02:00:00Z"));
  }

  @Test
  void demo_hasTheSixRealisticTypes() {
    assertThat(LicenceTypes.demo().all()).extracting(LicenceType::name)
        .containsExactly("营业执照", "居民身份证", "结婚证", "机动车驾驶证", "食品经营许可证", "不动产权证书");
    assertThat(LicenceTypes.demo().all()).allSatisfy(t -> assertThat(t.mayIssue(ISSUER)).isTrue());
  }

  @Test
  void check_fittingLicence_hasNoViolations() {
    assertThat(BUSINESS.check(business(businessFields(), Holder.USCC, null))).isEmpty();
  }

  @Test
  void check_everyProblemAtOnce_listsEachPath() {
    Map<String, String> f = businessFields();
    f.remove("address");
    f.put("registeredCapital", "100万元");
    f.put("establishedOn", "2024/03/18");
    f.put("type", "合作社");
    f.put("colour", "red");
    List<Violation> v = BUSINESS.check(business(f, Holder.CITIZEN_ID, null));
    assertThat(v).extracting(Violation::path).containsExactlyInAnyOrder(
        "licence.holder.idType", "licence.fields.address", "licence.fields.registeredCapital", "licence.fields.establishedOn",
        "licence.fields.type", "licence.fields.colour");
    assertThat(v).filteredOn(x -> x.path().endsWith("registeredCapital")).first()
        .extracting(Violation::message).asString().contains("decimal number").contains("100万元");
    assertThat(v).filteredOn(x -> x.path().endsWith(".type")).first()
        .extracting(Violation::message).asString().contains("有限责任公司").contains("合作社");
  }

  @Test
  void check_validityRules_maxYearsAndLongTerm() {
    LicenceType food = LicenceTypes.demo().find("11100000MB0143028R002").orElseThrow();
    Licence longTerm =
        new Licence(LicenceId.of(food.code(), ISSUER, "F1", 1), food.code(), food.name(), ISSUER, "局", new Holder("91330106MA2B3C4D5D", "001", "x"),
            Map.of("permitNumber", "JY13301060000001", "operatorName", "x", "legalRepresentative", "y", "address", "z", "premises", "p",
                "mainBusiness", "餐饮服务经营者", "businessItems", "热食类食品制售"),
            LocalDate.parse("2025-01-01"), null, Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(food.check(longTerm)).extracting(Violation::path).containsExactly("licence.validUntil");
    Licence sixYears =
        new Licence(longTerm.id(), food.code(), food.name(), ISSUER, "局", longTerm.holder(), longTerm.fields(), LocalDate.parse("2025-01-01"),
            LocalDate.parse("2031-01-01"), longTerm.issuedAt());
    assertThat(food.check(sixYears)).singleElement().extracting(Violation::message).asString().contains("at most 5 years");
  }

  @Test
  void json_roundTrips_andStrictParsingNamesThePath() throws Exception {
    LicenceTypes all = LicenceTypes.demo();
    assertThat(LicenceTypes.fromJson(all.toJson()).all()).isEqualTo(all.all());
    String bad = BUSINESS.toJson().replace("\"NUMBER\"", "\"MONEY\"");
    assertThatThrownBy(() -> LicenceType.fromJson(bad))
        .isInstanceOf(LicenceFormatException.class)
        .hasMessageContaining("type.fields[3].type must be one of")
        .hasMessageContaining("MONEY");
    assertThatThrownBy(() -> LicenceTypes.fromJson("[" + BUSINESS.toJson() + "," + BUSINESS.toJson() + "]"))
        .hasMessageContaining("repeats");
  }

  @Test
  void fieldTypes_acceptAndRefuse() {
    assertThat(FieldType.IMAGE_DIGEST.problem("sm3:" + "a".repeat(64), List.of())).isEmpty();
    assertThat(FieldType.IMAGE_DIGEST.problem("md5:abc", List.of())).isPresent();
    assertThat(FieldType.NUMBER.problem("89.5", List.of())).isEmpty();
    assertThat(FieldType.NUMBER.problem("1e5", List.of())).isPresent();
    assertThat(FieldType.DATE.problem("2024-02-30", List.of())).isPresent();
    assertThatThrownBy(() -> new FieldSpec("sex", "性别", FieldType.ENUM, true, false, List.of())).hasMessageContaining("ENUM");
    assertThat(Set.of(HolderKind.values())).hasSize(2);
  }

  @Test
  void metadata_previousIdAndJurisdiction_areSignedOnlyWhenPresent() throws Exception {
    Licence v1 = business(businessFields(), Holder.USCC, null);
    assertThat(v1.canonicalJson()).doesNotContain("jurisdiction").doesNotContain("previousId");
    Licence v2 =
        new Licence(LicenceId.of(BUSINESS.code(), ISSUER, "A1", 2), v1.typeCode(), v1.typeName(), ISSUER, v1.issuerName(), v1.holder(), v1.fields(),
            v1.validFrom(), null, v1.issuedAt(), "330106", v1.id());
    assertThat(v2.canonicalJson()).contains("\"jurisdiction\":\"330106\"").contains("\"previousId\":\"" + v1.id() + "\"");
    assertThat(Licence.fromJson(v2.canonicalJson())).isEqualTo(v2);
    assertThatThrownBy(() -> new Licence(v1.id(), v1.typeCode(), v1.typeName(), ISSUER, v1.issuerName(), v1.holder(), v1.fields(),
        v1.validFrom(), null, v1.issuedAt(), null, v2.id()))
        .hasMessageContaining("previousId must be an earlier version");
    assertThatThrownBy(() -> new Licence(v1.id(), v1.typeCode(), v1.typeName(), ISSUER, v1.issuerName(), v1.holder(), v1.fields(),
        v1.validFrom(), null, v1.issuedAt(), "33", null))
        .hasMessageContaining("jurisdiction must be");
  }
}

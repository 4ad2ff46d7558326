package org.certhub.exchange.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The sharing rules, each refusing in turn, against the real schema (Flyway migrations on H2). */
class PolicyServiceTest {
  static final String ISSUER = "11330100MB1234567E";
  static final String TAX = "11330100MB23456780";
  static final String OTHER = "11330100MB3456789H";
  static final String TYPE = "11100000MB0143028R001";

  PolicyService service;
  Department tax;
  LicenceType type;
  MatterRepository matters;

  @BeforeEach
  void schema() {
    JdbcClient jdbc = org.certhub.exchange.TestDatabases.migrated();
    DepartmentRepository departments = new DepartmentRepository(jdbc);
    departments.add(new Department(ISSUER, "issuer", EnumSet.of(Role.ISSUE)));
    tax = new Department(TAX, "tax", EnumSet.of(Role.PULL));
    departments.add(tax);
    departments.add(new Department(OTHER, "other", EnumSet.of(Role.PULL)));
    type = LicenceTypes.demo().find(TYPE).orElseThrow();
    new CatalogueRepository(jdbc).add(type);
    matters = new MatterRepository(jdbc);
    matters.add(new Matter("M1", "税务登记", Set.of(TAX), Set.of(TYPE)));
    matters.add(new Matter("M2", "发票领用", Set.of(TAX), Set.of(TYPE)));
    matters.add(new Matter("M3", "无关事项", Set.of(TAX), Set.of()));
    PolicyRepository policies = new PolicyRepository(jdbc);
    policies.add(new Policy("p1", TAX, TYPE, "M1", List.of("name"), "law"));
    service = new PolicyService(policies, java.time.Clock.systemUTC());
    assertThat(new CatalogueRepository(jdbc).find(TYPE)).contains(type);
  }

  @Test
  void decide_granted_returnsThePolicyWithItsFields() {
    Decision d = service.decide(tax, type, matters.find("M1").orElseThrow());
    assertThat(d).isInstanceOfSatisfying(Decision.Granted.class, g -> assertThat(g.policy().fields()).containsExactly("name"));
  }

  @Test
  void decide_noGrant_refusesWithPolicyGrant() {
    assertThat(service.decide(tax, type, matters.find("M2").orElseThrow()))
        .isEqualTo(
            new Decision.Refused(
                org.certhub.exchange.web.ErrorCode.POLICY_DENIED,
                "policy.grant",
                "no sharing policy grants department " + TAX + " licence type " + TYPE + " for matter M2"));
  }

  @Test
  void decide_matterDoesNotNeedType_refusesWithMatterLicenceTypes() {
    assertThat(((Decision.Refused) service.decide(tax, type, matters.find("M3").orElseThrow())).rule())
        .isEqualTo("matter.licence_types");
  }

  @Test
  void decide_departmentDoesNotHandleMatter_refusesWithMatterHandler() {
    Department other = new Department(OTHER, "other", EnumSet.of(Role.PULL));
    assertThat(((Decision.Refused) service.decide(other, type, matters.find("M1").orElseThrow())).rule())
        .isEqualTo("matter.handler");
  }

  @Test
  void decide_withoutPullRole_refusesWithDepartmentRole() {
    Department issuer = new Department(ISSUER, "issuer", EnumSet.of(Role.ISSUE));
    Decision.Refused r = (Decision.Refused) service.decide(issuer, type, matters.find("M1").orElseThrow());
    assertThat(r.rule()).isEqualTo("department.role");
    assertThat(r.code()).isEqualTo(org.certhub.exchange.web.ErrorCode.ROLE_MISSING);
  }
}

package org.certhub.exchange.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.matter.MatterRepository;
import org.certhub.signer.licence.LicenceTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Consent decisions against the real schema, with a clock the test moves: lapse, revocation, tokens. */
class ConsentServiceTest {
  static final String TAX = "11330100MB23456780";
  static final String OTHER = "11330100MB3456789H";
  static final String HOLDER = "hmac-sha256:aaaa";
  static final String SOMEONE_ELSE = "hmac-sha256:bbbb";

  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  ConsentService service;
  Matter needsConsent;
  Matter open;

  @BeforeEach
  void schema() {
    JdbcClient jdbc = org.certhub.exchange.TestDatabases.migrated();
    DepartmentRepository departments = new DepartmentRepository(jdbc);
    departments.add(new Department(TAX, "tax", EnumSet.of(Role.PULL)));
    departments.add(new Department(OTHER, "other", EnumSet.of(Role.PULL)));
    LicenceTypes.demo().all().forEach(new CatalogueRepository(jdbc)::add);
    MatterRepository matters = new MatterRepository(jdbc);
    needsConsent = new Matter("GS", "扣除", Set.of(TAX, OTHER), Set.of("11100000MB2000002A001"), "law", true, false);
    open = new Matter("SW", "登记", Set.of(TAX), Set.of("11100000MB2000002A001"));
    matters.add(needsConsent);
    matters.add(open);
    service = new ConsentService(new ConsentRepository(jdbc), new SecretKeySpec(new byte[32], "HmacSHA256"), clock);
  }

  @Test
  void required_withoutConsent_refusedAsRequired_notRequired_passesWithoutConsent() {
    assertThat(service.decide(HOLDER, TAX, needsConsent, null).refusal().rule()).isEqualTo("consent.required");
    ConsentService.Outcome o = service.decide(HOLDER, TAX, open, null);
    assertThat(o.refusal()).isNull();
    assertThat(o.consentId()).isNull();
  }

  @Test
  void walletConsent_usedUntilItLapses_thenRefused() {
    Consent c = service.grant(HOLDER, TAX, "GS", Duration.ofMinutes(10), "wallet");
    assertThat(service.decide(HOLDER, TAX, needsConsent, null).consentId()).isEqualTo(c.id());
    assertThat(service.decide(HOLDER, OTHER, needsConsent, null).refusal().rule()).as("another department").isEqualTo("consent.required");
    assertThat(service.decide(SOMEONE_ELSE, TAX, needsConsent, null).refusal().rule()).as("another holder").isEqualTo("consent.required");
    clock.advance(Duration.ofMinutes(10));
    assertThat(service.decide(HOLDER, TAX, needsConsent, null).refusal().rule()).isEqualTo("consent.required");
    assertThat(service.decide(HOLDER, TAX, needsConsent, service.token(c)).refusal().rule()).isEqualTo("consent.expired");
  }

  @Test
  void token_revoked_forged_foreign_eachRefusedWithItsRule() {
    Consent c = service.grant(HOLDER, TAX, "GS", Duration.ofHours(2), "counter");
    String token = service.token(c);
    assertThat(service.decide(HOLDER, TAX, needsConsent, token).consentId()).isEqualTo(c.id());
    assertThat(service.decide(HOLDER, TAX, open, token).refusal().rule()).as("token for another matter").isEqualTo("consent.mismatch");
    assertThat(service.decide(SOMEONE_ELSE, TAX, needsConsent, token).refusal().rule()).isEqualTo("consent.mismatch");
    assertThat(service.decide(HOLDER, OTHER, needsConsent, token).refusal().rule()).isEqualTo("consent.mismatch");
    assertThat(service.decide(HOLDER, TAX, needsConsent, token.replace(c.id(), "cst-00000000-0000-0000-0000-000000000000")).refusal().rule())
        .isEqualTo("consent.token");
    assertThat(service.decide(HOLDER, TAX, needsConsent, "CHC1:garbage").refusal().rule()).isEqualTo("consent.token");
    assertThat(service.revoke(SOMEONE_ELSE, c.id())).isFalse();
    assertThat(service.revoke(HOLDER, c.id())).isTrue();
    assertThat(service.revoke(HOLDER, c.id())).isFalse();
    assertThat(service.decide(HOLDER, TAX, needsConsent, token).refusal().rule()).isEqualTo("consent.revoked");
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

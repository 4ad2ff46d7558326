package org.certhub.signer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsFixtures;
import org.certhub.signer.cms.CmsSigner.Mode;
import org.certhub.signer.cms.CmsVerifier;
import org.certhub.signer.report.ValidationReport.Check;
import org.certhub.signer.report.ValidationReport.Indication;
import org.certhub.signer.report.ValidationReport.Status;
import org.certhub.signer.seal.SealReport;
import org.junit.jupiter.api.Test;

/** One report shape for CMS and seal verification: the indication rule, and both verifiers' reports mapped onto it. */
class ValidationReportTest {
  private static final byte[] CONTENT = "合同".getBytes(StandardCharsets.UTF_8);

  @Test
  void indication_failureWins_thenUndecided_thenPassed() {
    assertEquals(Indication.PASSED, ValidationReport.indication(List.of(Status.PASSED, Status.NOT_APPLICABLE)));
    assertEquals(Indication.INDETERMINATE, ValidationReport.indication(List.of(Status.PASSED, Status.INDETERMINATE)));
    assertEquals(Indication.INDETERMINATE, ValidationReport.indication(List.of(Status.PASSED, Status.NOT_CHECKED)));
    assertEquals(Indication.FAILED, ValidationReport.indication(List.of(Status.INDETERMINATE, Status.FAILED, Status.PASSED)));
    assertThrows(IllegalArgumentException.class,
        () -> new ValidationReport("x", Indication.PASSED, List.of(new Check("A", Status.FAILED, "broken"))));
    ValidationReport r = ValidationReport.of("x", List.of(new Check("A", Status.PASSED, "ok"), new Check("B", Status.NOT_CHECKED, "after A")));
    assertEquals(List.of("B"), r.problems().stream().map(Check::name).toList());
    assertEquals("indeterminate", r.toMap().get("indication"));
  }

  @Test
  void cmsVerification_mapsOntoTheSharedReport() throws Exception {
    CmsFixtures f = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256);
    byte[] cms = f.signerT().sign(CONTENT, Mode.DETACHED);
    ValidationReport ok = CmsVerifier.verify(cms, CONTENT, f.anchors(), TestPki.NOW).report();
    assertEquals(Indication.PASSED, ok.indication(), ok.checks().toString());
    assertEquals("CMS SignedData (CAdES B-T)", ok.object());
    assertEquals(Status.PASSED, ok.check("TIMESTAMP_IMPRINT").orElseThrow().status());
    ValidationReport bad = CmsVerifier.verify(cms, "other".getBytes(StandardCharsets.UTF_8), f.anchors(), TestPki.NOW).report();
    assertEquals(Indication.FAILED, bad.indication());
    assertEquals(Status.FAILED, bad.check("MESSAGE_DIGEST").orElseThrow().status());
  }

  @Test
  void sealReport_mapsOntoTheSharedReport_withTheSameVerdict() throws Exception {
    SealReport unreadable = org.certhub.signer.seal.SealTestAccess.verifier().verifyStamp(new byte[] {0x30, 0x00}, CONTENT);
    ValidationReport r = unreadable.report();
    assertEquals(Indication.FAILED, r.indication());
    assertEquals(unreadable.verdict().name(), r.indication().name());
    assertEquals("unreadable seal or stamp", r.object());
    assertEquals(10, r.checks().size());
    assertEquals(Status.FAILED, r.check("FORMAT").orElseThrow().status());
    SealReport good = org.certhub.signer.seal.SealTestAccess.goodStampReport();
    assertEquals(Indication.PASSED, good.report().indication(), good.checks().toString());
    assertEquals("V4 SES_Signature", good.report().object());
  }
}

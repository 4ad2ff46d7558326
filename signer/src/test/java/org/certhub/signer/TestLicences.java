package org.certhub.signer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.certhub.signer.licence.Holder;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;

/** Licences for tests outside the licence package, issued by {@link TestPki#ISSUER_CODE}. */
public final class TestLicences {

  private TestLicences() {}

  /** A business licence (营业执照) with the given serial, issued at {@code issuedAt}. */
  public static Licence businessLicence(String serial, Instant issuedAt) {
    LicenceId id = LicenceId.of("11100000000013338W011", TestPki.ISSUER_CODE, serial, 1);
    return new Licence(id, "11100000000013338W011", "营业执照", TestPki.ISSUER_CODE, "湖南省市场监督管理局",
        new Holder("91430100MA4L000000", Holder.USCC, "长沙某某科技有限公司"),
        Map.of("registeredCapital", "100万元"), LocalDate.of(2025, 1, 1), null, issuedAt);
  }
}

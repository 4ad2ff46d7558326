package org.certhub.exchange.catalogue;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A licence-type catalogue entry (GB/T 36902 目录).
 *
 * @param code the licence-type code: the defining authority's USCC plus a 3-digit sequence (GB/T 36904)
 * @param name the type's name, e.g. 营业执照
 * @param definingAuthority USCC of the authority that defines the type
 * @param holderIdType the holder identifier type every licence of this type uses (GB/T 36903 code: 001 USCC,
 *     111 citizen ID)
 * @param fields the data fields a licence of this type carries; all are required
 * @param issuers codes of the departments allowed to issue it
 */
public record LicenceType(
    String code,
    String name,
    String definingAuthority,
    String holderIdType,
    List<String> fields,
    Set<String> issuers) {
  public LicenceType {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definingAuthority, "definingAuthority");
    Objects.requireNonNull(holderIdType, "holderIdType");
    if (!code.matches("[0-9A-Z]{18}[0-9]{3}")) {
      throw new IllegalArgumentException("licence type code must be a USCC plus 3 digits, but was: " + code);
    }
    fields = List.copyOf(fields);
    issuers = Set.copyOf(issuers);
  }
}

package org.certhub.signer.licence;

import java.util.Set;

/** Whom a licence type is issued to, and which GB/T 36903 holder-ID types fit. */
public enum HolderKind {
  /** A natural person: resident ID card 111, passport 414, Hong Kong/Macao permit 516, foreigner's permanent residence 553. */
  PERSON(Set.of("111", "414", "516", "553")),
  /** An organisation identified by its unified social credit code (统一社会信用代码, 001). */
  ORGANISATION(Set.of("001"));

  private final Set<String> idTypes;

  HolderKind(Set<String> idTypes) {
    this.idTypes = idTypes;
  }

  /** The holder-ID type codes a holder of this kind may carry. */
  public Set<String> idTypes() {
    return idTypes;
  }
}

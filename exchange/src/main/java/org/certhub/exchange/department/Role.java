package org.certhub.exchange.department;

/** What a department may do through the API. A department may hold several roles. */
public enum Role {
  /** Issue licences of the types the catalogue lists it as issuer for. */
  ISSUE,
  /** Pull licence data for matters it handles, under policy. */
  PULL,
  /** Query the access ledger (audit bureau, discipline inspection, electronic supervision). */
  AUDIT,
  /** Operate the hub: revoke certificates, rotate departments' keys (later: register departments). */
  ADMIN
}

package org.certhub.signer.seal;

/** The generation of a seal or stamp structure (FORMATS.md §1.1). */
public enum SealVersion {
  /** GM/T 0031-2014: two-member SESeal, UTCTime, read only. */
  V1,
  /** GB/T 38540-2020: header version 4; read and written. */
  V4,
  /** GM/T 0031-2025: header version 5, optional seal timestamp; read only. */
  V5
}

package org.certhub.signer.cms;

import org.certhub.signer.SignerException;

/**
 * Obtains an RFC 3161 time-stamp token over some bytes, for CAdES-T signature timestamps (ETSI EN 319
 * 122-1 §5.3: the imprint is over the SignerInfo's signature value).
 */
@FunctionalInterface
public interface TimeStamper {

  /**
   * Returns a time-stamp token over {@code data}.
   *
   * @param data the bytes whose hash becomes the token's message imprint, not null
   * @return the DER ContentInfo (SignedData with a TSTInfo) of the token, the TSA certificate included
   * @throws SignerException if no token could be made
   */
  byte[] timestamp(byte[] data) throws SignerException;
}

package org.certhub.exchange.file;

import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.seal.Seal;

/**
 * Port: the seal a department stamps its licence files with; the seal registry implements it (the department's
 * registered seal authorising its signing key, made and registered on first need).
 */
public interface FileSeals {

  /**
   * The department's current v4 seal, authorising {@code signer}'s certificate and valid now.
   *
   * @param departmentCode the department's code
   * @param departmentName its name, drawn on the seal
   * @param signer the department's SM2 signing key that will stamp
   * @return the seal
   * @throws SignerException when no seal can be had (no seal maker key, signing failed)
   */
  Seal sealFor(String departmentCode, String departmentName, KeyHandle signer) throws SignerException;
}

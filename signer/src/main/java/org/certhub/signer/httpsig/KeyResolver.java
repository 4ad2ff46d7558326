package org.certhub.signer.httpsig;

import java.util.Optional;
import org.certhub.signer.key.Verifier;

/**
 * The server's registry of client keys by {@code keyid}. The returned {@link Verifier} is bound to
 * its key's algorithm; the signature's {@code alg} parameter can only be checked against it.
 */
@FunctionalInterface
public interface KeyResolver {

  /**
   * Looks up the verifier for a key identifier.
   *
   * @param keyId the {@code keyid} parameter as sent by the client
   * @return the verifier, or empty when the key is unknown (or suspended)
   */
  Optional<Verifier> resolve(String keyId);
}

package org.certhub.signer.algorithm;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance the signer library uses.
 *
 * <p>The provider is passed explicitly to every JCA call ({@code Signature.getInstance(name,
 * Providers.bc())}); it is never registered globally with {@code Security.addProvider}, so the
 * library does not change the behaviour of the host application's JCA.
 */
public final class Providers {

  private static final Provider BC = new BouncyCastleProvider();

  private Providers() {}

  /**
   * Returns the shared Bouncy Castle provider.
   *
   * @return the same {@link BouncyCastleProvider} instance on every call
   */
  public static Provider bc() {
    return BC;
  }
}

package org.certhub.signer.key;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.certhub.signer.SignerException;

/**
 * A PKCS#12 file of symmetric secrets (for example the HMAC key that pseudonymises personal
 * identifiers in published ledger entries).
 *
 * <p>Backed by the JDK's own {@code "PKCS12"} {@link KeyStore} (provider {@code SUN}), which stores
 * {@link KeyStore.SecretKeyEntry} with PBES2/AES protection; Bouncy Castle's PKCS#12 store does not
 * support secret-key entries. Kept in a file separate from the signing keys. The same durability
 * rules as {@link Pkcs12KeyStore} apply: atomic replace, mode {@code 0600} on POSIX.
 */
public final class SecretStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final char[] password;
  private final KeyStore store;
  // Unwrapping runs the password-based key derivation; done once per alias, not per request.
  private final java.util.concurrent.ConcurrentHashMap<String, SecretKey> keys =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SecretStore(Path file, char[] password, KeyStore store) {
    this.file = file;
    this.password = password;
    this.store = store;
  }

  /**
   * Opens the secret store at {@code file}, creating it (and parent directories) when absent.
   *
   * @param file the store's path, not null
   * @param password the store password; copied, not null
   * @return the opened store
   * @throws SignerException ({@link KeyFormatException}) if the file cannot be read with the
   *     password or cannot be written
   */
  public static SecretStore openOrCreate(Path file, char[] password) throws SignerException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS12", "SUN");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK must provide a PKCS12 key store", e);
    }
    char[] pw = password.clone();
    KeyStoreFiles.loadOrCreate(ks, file, pw);
    return new SecretStore(file, pw, ks);
  }

  /**
   * Returns the 256-bit HmacSHA256 key under {@code alias}, generating and persisting it on first
   * use.
   *
   * @param alias the alias, not blank
   * @return the secret key (algorithm {@code HmacSHA256}, 32 bytes)
   * @throws SignerException ({@link KeyFormatException}) if the entry is of another kind or the
   *     store cannot be written
   */
  public SecretKey hmacKey(String alias) throws SignerException {
    Objects.requireNonNull(alias, "alias");
    if (alias.isBlank()) {
      throw new IllegalArgumentException("alias must be non-blank, but was: \"" + alias + "\"");
    }
    SecretKey known = keys.get(alias);
    if (known != null) {
      return known;
    }
    synchronized (this) {
      SecretKey key = loadOrGenerate(alias);
      keys.put(alias, key);
      return key;
    }
  }

  private SecretKey loadOrGenerate(String alias) throws SignerException {
    KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
    try {
      if (store.containsAlias(alias)) {
        KeyStore.Entry e = store.getEntry(alias, protection);
        if (e instanceof KeyStore.SecretKeyEntry s
            && s.getSecretKey().getAlgorithm().equalsIgnoreCase("HmacSHA256")) {
          return s.getSecretKey();
        }
        throw new KeyFormatException(
            "secret store alias " + alias + " must hold an HmacSHA256 secret key, but was: "
                + e.getClass().getSimpleName());
      }
      KeyGenerator g = KeyGenerator.getInstance("HmacSHA256");
      g.init(256, RANDOM);
      SecretKey key = g.generateKey();
      store.setEntry(alias, new KeyStore.SecretKeyEntry(key), protection);
      KeyStoreFiles.store(store, file, password);
      return key;
    } catch (GeneralSecurityException e) {
      throw new KeyFormatException(
          "secret store alias " + alias + " must be readable, but was: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SecretStore[" + file + "]";
  }
}

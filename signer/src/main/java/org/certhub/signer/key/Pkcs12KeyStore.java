package org.certhub.signer.key;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;

/**
 * A PKCS#12 (RFC 7292) key store file holding signing keys with their certificate chains.
 *
 * <p>Backed by Bouncy Castle's {@code "PKCS12"} {@link KeyStore} (through {@link Providers#bc()}), so
 * SM2 (EC on sm2p256v1), ECDSA P-256 and Ed25519 private keys with their chains all store and reload
 * (checked by {@code Pkcs12KeyStoreTest} for each algorithm). The JDK's own PKCS#12 implementation is
 * not used here because it cannot reload SM2 keys and certificates. Keys are protected with the store
 * password.
 *
 * <p><b>Durability.</b> Every {@link #put} writes the whole store to a temporary sibling file, forces
 * it to disk and atomically renames it over the store: a crash leaves either the old or the new
 * store, never a torn file. On POSIX file systems the file mode is {@code 0600}. Instances are safe
 * for use by several threads of one process; several processes MUST NOT write one file.
 */
public final class Pkcs12KeyStore {

  private final Path file;
  private final char[] password;
  private final KeyStore store;
  // Unwrapping a PKCS#12 key runs the password-based key derivation (thousands of SHA-1 rounds), which
  // cost more than the whole rest of a pull when done per request; a handle, once unwrapped, is reused.
  private final java.util.concurrent.ConcurrentHashMap<String, KeyHandle> handles =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Pkcs12KeyStore(Path file, char[] password, KeyStore store) {
    this.file = file;
    this.password = password;
    this.store = store;
  }

  /**
   * Opens the store at {@code file}, creating it (and its parent directories) when absent.
   *
   * @param file the store's path, not null
   * @param password the store password, also protecting each key; copied, not null
   * @return the opened store
   * @throws SignerException ({@link KeyFormatException}) if the file cannot be read with the
   *     password or cannot be written
   */
  public static Pkcs12KeyStore openOrCreate(Path file, char[] password) throws SignerException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS12", Providers.bc());
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException("Bouncy Castle must provide a PKCS12 key store", e);
    }
    char[] pw = password.clone();
    KeyStoreFiles.loadOrCreate(ks, file, pw);
    return new Pkcs12KeyStore(file, pw, ks);
  }

  /**
   * Returns whether a key entry with this alias exists.
   *
   * @param alias the alias, not null
   * @return true if the store holds a key under {@code alias}
   */
  public synchronized boolean contains(String alias) {
    Objects.requireNonNull(alias, "alias");
    try {
      return store.isKeyEntry(alias);
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException("key store is loaded", e);
    }
  }

  /**
   * Stores (or replaces) a private key with its chain and persists the store atomically.
   *
   * @param alias the alias, not blank
   * @param key the private key, not null
   * @param chain the certificate chain, leaf first, not empty; the leaf must certify {@code key}
   * @throws SignerException ({@link KeyFormatException}) if the store cannot be written
   * @throws IllegalArgumentException if the chain is empty or does not match the key
   */
  public synchronized void put(String alias, PrivateKey key, List<X509Certificate> chain)
      throws SignerException {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chain, "chain");
    if (alias.isBlank()) {
      throw new IllegalArgumentException("alias must be non-blank, but was: \"" + alias + "\"");
    }
    SoftwareKeyHandle checked = (SoftwareKeyHandle) Keys.handle(key, chain); // rejects mismatches
    try {
      store.setKeyEntry(alias, checked.privateKey(), password, chain.toArray(new Certificate[0]));
    } catch (java.security.KeyStoreException e) {
      throw new KeyFormatException(
          "key store entry " + alias + " must be storable, but was: " + e.getMessage(), e);
    }
    KeyStoreFiles.store(store, file, password);
    handles.remove(alias);
  }

  /**
   * Returns a signing handle for the key under {@code alias}.
   *
   * @param alias the alias, not null
   * @return a handle whose algorithm is fixed by the leaf certificate's key
   * @throws SignerException ({@link KeyFormatException}) if no key entry has this alias (the message
   *     names it) or the entry cannot be read
   */
  public KeyHandle key(String alias) throws SignerException {
    Objects.requireNonNull(alias, "alias");
    KeyHandle known = handles.get(alias);
    if (known != null) {
      return known;
    }
    synchronized (this) {
      KeyHandle handle = unwrap(alias);
      handles.put(alias, handle);
      return handle;
    }
  }

  private KeyHandle unwrap(String alias) throws SignerException {
    try {
      if (!store.isKeyEntry(alias)) {
        throw new KeyFormatException(
            "key store " + file.getFileName() + " alias must be one of " + aliases() + ", but was: "
                + alias);
      }
      Key k = store.getKey(alias, password);
      if (!(k instanceof PrivateKey pk)) {
        throw new KeyFormatException(
            "key store alias " + alias + " must hold a private key, but was: " + k.getAlgorithm());
      }
      return Keys.handle(pk, chain(alias));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyFormatException(
          "key store alias " + alias + " must hold a usable key, but was: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the certificate chain stored under {@code alias}, leaf first.
   *
   * @param alias the alias, not null
   * @return an unmodifiable list; empty if there is no such entry
   */
  public synchronized List<X509Certificate> chain(String alias) {
    Objects.requireNonNull(alias, "alias");
    try {
      Certificate[] certs = store.getCertificateChain(alias);
      if (certs == null) {
        return List.of();
      }
      List<X509Certificate> out = new ArrayList<>(certs.length);
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      return Collections.unmodifiableList(out);
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException("key store is loaded", e);
    }
  }

  /**
   * Returns all aliases, sorted.
   *
   * @return an unmodifiable sorted set
   */
  public synchronized Set<String> aliases() {
    try {
      return Collections.unmodifiableSet(new TreeSet<>(Collections.list(store.aliases())));
    } catch (java.security.KeyStoreException e) {
      throw new IllegalStateException("key store is loaded", e);
    }
  }

  @Override
  public String toString() {
    return "Pkcs12KeyStore[" + file + "]";
  }
}

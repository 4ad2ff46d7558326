package org.certhub.exchange.licence;

import java.util.Collection;
import java.util.Optional;

/**
 * Port: a shared cache of licence views and status (text values under text keys) in front of the database. None by
 * default ({@link #NONE}): one instance reads its own database. A shared store (Redis) takes read load off a shared
 * database. The rules that keep it correct are the adapter's to keep:
 *
 * <ul>
 *   <li>{@link #get} answers a miss when the store is unreachable (reads go to the database; nothing fails);
 *   <li>{@link #invalidate} is synchronous, and an entry it invalidated is not filled again by a {@link #putIfAbsent}
 *       that read the database before the change (a tombstone blocks it for a short while);
 *   <li>when {@link #invalidate} cannot reach the store, the keys are kept and invalidated again before this instance
 *       reads the store again.
 * </ul>
 */
public interface LicenceCache {

  /** The cached value, or empty on a miss or when the store cannot be read. */
  Optional<String> get(String key);

  /**
   * Stores a value read from the database, for the store's own time to live, unless the key holds a value or a
   * tombstone; failures are ignored.
   */
  void putIfAbsent(String key, String value);

  /** Drops the keys, before the change they follow is acknowledged. Never throws. */
  void invalidate(Collection<String> keys);

  /** No cache: every read goes to the database. */
  LicenceCache NONE = new LicenceCache() {
    @Override
    public Optional<String> get(String key) {
      return Optional.empty();
    }

    @Override
    public void putIfAbsent(String key, String value) {}

    @Override
    public void invalidate(Collection<String> keys) {}
  };
}

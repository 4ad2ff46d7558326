package org.certhub.signer.key;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Set;

/** Loads and atomically persists key store files with owner-only permissions. */
final class KeyStoreFiles {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyStoreFiles() {}

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Loads {@code file} into {@code store}, or initialises it empty and writes it if absent. */
  static void loadOrCreate(KeyStore store, Path file, char[] password) throws KeyFormatException {
    try {
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, password);
        }
      } else {
        store.load(null, password);
        store(store, file, password);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyFormatException(
          "key store " + file + " must be a PKCS#12 file readable with the given password, but was: "
              + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes a temporary sibling file, forces it to disk, then atomically replaces {@code file}. */
  static void store(KeyStore store, Path file, char[] password) throws KeyFormatException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = posix()
          ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = Channels.newOutputStream(ch)) {
        store.store(out, password);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      if (posix()) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyFormatException(
          "key store " + file + " must be writable, but was: " + e.getClass().getSimpleName() + ": "
              + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file never replaced the store
        }
      }
    }
  }
}

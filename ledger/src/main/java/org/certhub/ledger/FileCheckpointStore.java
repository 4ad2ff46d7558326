package org.certhub.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The default {@link CheckpointStore}: {@code <ledger>/checkpoint}, replaced by an fsynced temporary file and
 * an atomic rename. The compare and the swap run under this object's lock, and the ledger's directory lock
 * keeps other processes out, so the swap is atomic for every writer that can reach the file.
 */
public final class FileCheckpointStore implements CheckpointStore {
  private final Path file;

  public FileCheckpointStore(Path ledgerDir) {
    this.file = ledgerDir.resolve("checkpoint");
  }

  @Override
  public synchronized Optional<String> latest() throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized boolean compareAndSet(String expected, String next) throws IOException {
    Optional<String> current = latest();
    if (expected == null ? current.isPresent() : !current.map(expected::equals).orElse(false)) {
      return false;
    }
    Path tmp = file.resolveSibling("checkpoint.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(next.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return true;
  }
}

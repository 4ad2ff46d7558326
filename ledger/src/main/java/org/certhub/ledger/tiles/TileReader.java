package org.certhub.ledger.tiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a tlog-tiles log by path ({@code checkpoint}, {@code tile/0/000}, …): from a directory, or from a
 * hub over HTTP (the hub's CLI implements that), so one verifier checks both.
 */
@FunctionalInterface
public interface TileReader {

  /**
   * Reads a resource of the log.
   *
   * @param path {@code checkpoint} or a tile path
   * @return its bytes, or empty if it does not exist
   * @throws IOException if it could not be read
   */
  Optional<byte[]> read(String path) throws IOException;

  /** A reader over a ledger directory: {@code checkpoint} is the latest published checkpoint. */
  static TileReader directory(Path dir) {
    return path -> {
      if (!path.equals("checkpoint")) {
        TilePath.parse(path);
      }
      try {
        return Optional.of(Files.readAllBytes(dir.resolve(path)));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    };
  }
}

package org.certhub.ledger.anchor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.journal.RecordFile;

/**
 * The default anchor: an append-only file of checkpoint notes in the journal's record framing (length,
 * CRC32C, payload), forced to disk on every anchor. Best kept on another disk or machine than the ledger.
 */
public final class FileAnchor implements AnchorPort {
  private final Path file;

  public FileAnchor(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void anchor(String signedCheckpoint) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (RecordFile f = RecordFile.open(file, "anchor record")) {
      f.append(signedCheckpoint.getBytes(StandardCharsets.UTF_8));
    } catch (LedgerException e) {
      throw new IOException("cannot anchor to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<String> anchored() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<String> out = new ArrayList<>();
      for (byte[] b : RecordFile.readAll(file, "anchor record")) {
        out.add(new String(b, StandardCharsets.UTF_8));
      }
      return out;
    } catch (LedgerException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The anchor file. */
  public Path file() {
    return file;
  }
}

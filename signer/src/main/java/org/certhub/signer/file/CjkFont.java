package org.certhub.signer.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.certhub.signer.SignerException;

/**
 * The TrueType font (collection) the PDF's Chinese text is set in, subset-embedded: the system property
 * {@code certhub.file.font} or the environment variable {@code CERTHUB_FILE_FONT} when set, else the first of
 * the Debian CJK fonts found ({@code fonts-wqy-microhei}, which {@code .ci/run} installs, then AR PL UMing;
 * PDFBox embeds TrueType outlines only, so the CFF-based Noto CJK does not qualify).
 */
final class CjkFont {
  static final List<String> CANDIDATES = List.of(
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/truetype/arphic/uming.ttc");

  private CjkFont() {}

  static Path path() throws SignerException {
    String configured = System.getProperty("certhub.file.font", System.getenv("CERTHUB_FILE_FONT"));
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      if (!Files.isReadable(p)) {
        throw new FormatUnavailableException("certhub.file.font must name a readable TrueType font, but was: " + configured);
      }
      return p;
    }
    for (String c : CANDIDATES) {
      Path p = Path.of(c);
      if (Files.isReadable(p)) {
        return p;
      }
    }
    throw new FormatUnavailableException("a CJK TrueType font must be installed for PDF licence files (apt fonts-wqy-microhei, or set"
        + " certhub.file.font), but was: none of " + CANDIDATES);
  }
}

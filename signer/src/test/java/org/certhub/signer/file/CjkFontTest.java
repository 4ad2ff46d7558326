package org.certhub.signer.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CjkFontTest {

  @AfterEach
  void clear() {
    System.clearProperty("certhub.file.font");
  }

  @Test
  void aMissingConfiguredFontMakesTheFormatUnavailableNotAFailure() {
    System.setProperty("certhub.file.font", "/nonexistent/certhub-font.ttc");
    assertThatThrownBy(CjkFont::path)
        .isInstanceOf(FormatUnavailableException.class)
        .hasMessageContaining("certhub.file.font must name a readable TrueType font")
        .hasMessageContaining("/nonexistent/certhub-font.ttc");
  }

  @Test
  void theInstalledFontIsFoundWithoutConfiguration() throws Exception {
    // .ci/run installs fonts-wqy-microhei; the PDF tests rely on it too.
    assertThat(CjkFont.path()).isReadable();
  }
}

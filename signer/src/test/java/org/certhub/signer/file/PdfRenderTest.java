package org.certhub.signer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PDF opens in a real reader: poppler's pdftoppm (apt poppler-utils, installed by .ci/run) renders page 1. */
class PdfRenderTest {
  private static final int DPI = 50;

  @Test
  void thePdfRendersWithTextAndARedSealWhereTheSealIs(@TempDir Path dir) throws Exception {
    FileFixtures f = FileFixtures.create();
    Path pdf = Files.write(dir.resolve("licence.pdf"), f.maker().make(f.file(), FileFormat.PDF));
    Process p = new ProcessBuilder("pdftoppm", "-r", String.valueOf(DPI), "-png", "-singlefile", "-f", "1", pdf.toString(),
        dir.resolve("page").toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(log).isZero();
    BufferedImage img = ImageIO.read(dir.resolve("page.png").toFile());
    assertThat(img.getWidth()).isBetween(400, 420); // 210 mm at 50 dpi
    long dark = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 3 * 200) {
          dark++;
        }
      }
    }
    assertThat(dark).as("non-white pixels").isGreaterThan((long) img.getWidth() * img.getHeight() / 100);
    long red = 0;
    int x0 = px(Layout.SEAL_X);
    int y0 = px(Layout.SEAL_Y);
    for (int y = y0; y < y0 + px(Layout.SEAL_SIZE); y++) {
      for (int x = x0; x < x0 + px(Layout.SEAL_SIZE); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 170 && g < 110 && b < 110) {
          red++;
        }
      }
    }
    assertThat(red).as("red seal pixels in the seal's box").isGreaterThan(200);
    int text = 0;
    for (int y = px(Layout.TITLE_Y); y < px(Layout.TITLE_Y + Layout.TITLE_SIZE + 2); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xff) < 128) {
          text++;
        }
      }
    }
    assertThat(text).as("the title's glyphs are drawn (the CJK font is embedded)").isGreaterThan(50);
  }

  private static int px(double mm) {
    return (int) Math.round(mm / 25.4 * DPI);
  }
}

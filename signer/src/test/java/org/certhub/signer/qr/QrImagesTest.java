package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certhub.signer.qr.QrFixtures.NOW;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.qr.QrImages.QrImageException;
import org.certhub.signer.qr.QrImages.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QrImagesTest {

  private static TestPki pki;
  private static String text;

  @BeforeAll
  static void presentation() throws Exception {
    pki = QrFixtures.pki(SignatureAlgorithm.ECDSA_P256_SHA256);
    text = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(), pki.leafKey(), QrPresentationTest.SIX, NOW, Duration.ofDays(365), 4711);
  }

  @Test
  void rendersAndReadsBack_andTheTextStillVerifies() throws Exception {
    byte[] png = QrImages.png(text);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).as("square").isEqualTo(image.getHeight());
    assertThat(image.getWidth() % QrImages.MODULE_PIXELS).as("a whole number of modules").isZero();

    String read = QrImages.read(png);
    assertThat(read).isEqualTo(text);
    TrustList trust = QrFixtures.trust(pki);
    assertThat(QrVerifier.verify(read, trust, NOW).disclosed()).containsKeys("name", "address");
  }

  @Test
  void readsAPhotoLikeCopy_scaledBlurredAndTurned() throws Exception {
    BufferedImage photo = ImageIO.read(new ByteArrayInputStream(QrImages.png(text)));
    photo = scale(photo, 0.7);
    photo = blur(photo, 3);
    photo = turn90(photo);

    assertThat(QrImages.read(jpeg(photo))).isEqualTo(text);
  }

  @Test
  void aBlurredToNothingImage_hasNoQrCode() throws Exception {
    BufferedImage mush = ImageIO.read(new ByteArrayInputStream(QrImages.png(text)));
    mush = scale(scale(mush, 0.02), 50);

    assertReason(png(mush), Reason.NO_QR_CODE);
  }

  @Test
  void randomNoise_hasNoQrCode() throws Exception {
    BufferedImage noise = new BufferedImage(600, 600, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(6);
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 600; x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    assertReason(png(noise), Reason.NO_QR_CODE);
  }

  @Test
  void bytesThatAreNoImage_areRefused() {
    assertReason(text.getBytes(StandardCharsets.US_ASCII), Reason.NOT_AN_IMAGE);
    assertReason(new byte[0], Reason.NOT_AN_IMAGE);
    byte[] truncated = Arrays.copyOf(QrImages.png(text), 100);
    assertReason(truncated, Reason.NOT_AN_IMAGE);
  }

  @Test
  void anImageDeclaredHuge_isRefusedFromItsHeaderWithoutDecoding() {
    // 100,000 x 100,000 pixels declared, and no pixel data: decoding would fail or exhaust memory, so the
    // refusal must come from the header alone.
    assertThatThrownBy(() -> QrImages.read(pngHeaderOnly(100_000, 100_000)))
        .isInstanceOfSatisfying(QrImageException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
          assertThat(e.getMessage()).contains("100000x100000");
        });
  }

  @Test
  void aFileOverTheByteLimit_isRefusedUnread() {
    assertReason(new byte[QrImages.MAX_BYTES + 1], Reason.TOO_LARGE);
  }

  @Test
  void twoDifferentCodes_areRefused() throws Exception {
    String other = QrPresentations.make(QrFixtures.businessLicence(), QrFixtures.type(), pki.leafKey(), java.util.Set.of("name"), NOW, 42);
    BufferedImage a = ImageIO.read(new ByteArrayInputStream(QrImages.png(text)));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(QrImages.png(other)));
    BufferedImage both = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, both.getWidth(), both.getHeight());
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, a.getWidth(), 0, null);
    g.dispose();

    assertReason(png(both), Reason.MORE_THAN_ONE);
  }

  @Test
  void textOutsideTheAlphanumericSet_isNotRendered() {
    assertThatIllegalArgumentException().isThrownBy(() -> QrImages.png("ch1:lower")).withMessageContaining("'c' at index 0");
  }

  private static void assertReason(byte[] image, Reason reason) {
    assertThatThrownBy(() -> QrImages.read(image))
        .isInstanceOfSatisfying(QrImageException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }

  private static BufferedImage scale(BufferedImage in, double factor) {
    int w = Math.max(1, (int) (in.getWidth() * factor));
    int h = Math.max(1, (int) (in.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(in, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static BufferedImage blur(BufferedImage in, int size) {
    float[] box = new float[size * size];
    Arrays.fill(box, 1f / box.length);
    return new ConvolveOp(new Kernel(size, size, box), ConvolveOp.EDGE_NO_OP, null).filter(in, null);
  }

  private static BufferedImage turn90(BufferedImage in) {
    AffineTransform t = new AffineTransform();
    t.translate(in.getHeight(), 0);
    t.rotate(Math.PI / 2);
    BufferedImage out = new BufferedImage(in.getHeight(), in.getWidth(), BufferedImage.TYPE_INT_RGB);
    return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(in, out);
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static byte[] jpeg(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /** A PNG signature and a valid IHDR chunk declaring the size, then the end chunk: no pixel data. */
  private static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}

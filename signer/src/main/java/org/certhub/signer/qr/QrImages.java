package org.certhub.signer.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.Binarizer;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Renders a presentation text as a PNG QR code and reads one back from a photo or screenshot (PNG or
 * JPEG). Rendering uses error correction M and alphanumeric mode (the Base45 alphabet is the QR
 * alphanumeric set), {@value #MODULE_PIXELS} pixels a module and a 4-module quiet zone. Reading is
 * bounded: at most {@value #MAX_BYTES} bytes and {@value #MAX_PIXELS} pixels, checked from the
 * image header before any pixel is decoded.
 */
public final class QrImages {

  /** Pixels per module: a version-24 code comes out near 1,000 pixels square, which phones read off paper. */
  public static final int MODULE_PIXELS = 8;
  /** Largest image file accepted: 10 MiB. */
  public static final int MAX_BYTES = 10 << 20;
  /** Largest image accepted, in pixels: 40 megapixels (a 4-byte ARGB copy is 160 MB). */
  public static final long MAX_PIXELS = 40_000_000L;

  private static final int QUIET_ZONE_MODULES = 4;
  /** The sizes tried, as fractions of the image's; see {@link #read}. */
  private static final double[] SCALES = {1.0, 0.8, 0.6, 0.45, 1.5, 1.25};
  /** Below this many pixels a side, a smaller copy cannot hold a readable code. */
  private static final int MIN_SIDE = 21;
  /** Enlarging helps codes of 3 to 4 pixels a module; only small images are enlarged, to bound memory. */
  private static final long MAX_UPSCALED_PIXELS = 4_000_000L;
  private static final List<Function<LuminanceSource, Binarizer>> BINARIZERS =
      List.of(HybridBinarizer::new, GlobalHistogramBinarizer::new);
  private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  /** Why an image gave no presentation text. */
  public enum Reason {
    /** Not a PNG or JPEG (or another format the JDK reads), or its data is broken. */
    NOT_AN_IMAGE,
    /** Over {@link #MAX_BYTES} or {@link #MAX_PIXELS}. */
    TOO_LARGE,
    /** The image was read but holds no readable QR code. */
    NO_QR_CODE,
    /** The image holds more than one different QR code, so which one is meant is unclear. */
    MORE_THAN_ONE
  }

  /** An image that gave no text; {@link #reason()} is stable, the message says what was wrong. */
  public static final class QrImageException extends Exception {
    private final Reason reason;

    QrImageException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    /**
     * Returns why the image gave no text.
     *
     * @return the reason
     */
    public Reason reason() {
      return reason;
    }
  }

  private QrImages() {}

  /**
   * Renders a QR code as PNG: error correction M, alphanumeric mode, quiet zone, black on white.
   *
   * @param text the presentation text; only QR alphanumeric characters ({@code 0-9 A-Z space $%*+-./:})
   * @return the PNG bytes
   * @throws IllegalArgumentException if the text has other characters or does not fit a QR code
   */
  public static byte[] png(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      if (ALPHANUMERIC.indexOf(text.charAt(i)) < 0) {
        throw new IllegalArgumentException("text must hold only QR alphanumeric characters " + ALPHANUMERIC
            + ", but had '" + text.charAt(i) + "' at index " + i);
      }
    }
    BitMatrix modules;
    try {
      // Width and height 0: the matrix comes back at one pixel a module, quiet zone included.
      modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE_MODULES));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text of " + text.length() + " characters does not fit a QR code at M: "
          + e.getMessage(), e);
    }
    int size = modules.getWidth() * MODULE_PIXELS;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, modules.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a PNG to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads the one QR code in an image. Tries the local-threshold binarizer, then the global one, on the
   * image, on its negative (a dark-mode screenshot), then on resized copies: ZXing estimates a large
   * code's module count from its finder patterns and misses by a few at some module sizes (a version-24
   * code at 5.6 pixels a module is lost, at 4.5 found); shrinking also smooths photo noise, and enlarging
   * a small image helps codes of 3 to 4 pixels a module. Each try uses TRY_HARDER; the QR detector itself
   * finds codes turned by any angle.
   *
   * @param image PNG or JPEG bytes
   * @return the QR code's text
   * @throws QrImageException NOT_AN_IMAGE, TOO_LARGE, NO_QR_CODE or MORE_THAN_ONE
   */
  public static String read(byte[] image) throws QrImageException {
    Objects.requireNonNull(image, "image");
    BufferedImage decoded = decode(image);
    Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
    hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    for (double scale : SCALES) {
      int w = (int) Math.round(decoded.getWidth() * scale);
      int h = (int) Math.round(decoded.getHeight() * scale);
      if (Math.min(w, h) < MIN_SIDE || (scale > 1 && (long) w * h > MAX_UPSCALED_PIXELS)) {
        continue;
      }
      LuminanceSource gray = gray(decoded, w, h);
      List<LuminanceSource> sources = scale == 1.0 ? List.of(gray, gray.invert()) : List.of(gray);
      for (LuminanceSource source : sources) {
        for (Function<LuminanceSource, Binarizer> binarizer : BINARIZERS) {
          Set<String> texts = decodeAll(new BinaryBitmap(binarizer.apply(source)), hints);
          if (texts.size() > 1) {
            throw new QrImageException(Reason.MORE_THAN_ONE, "the image holds " + texts.size()
                + " different QR codes; crop it to the one to read");
          }
          if (texts.size() == 1) {
            return texts.iterator().next();
          }
        }
      }
    }
    throw new QrImageException(Reason.NO_QR_CODE, "no QR code found in the " + decoded.getWidth() + "x"
        + decoded.getHeight() + " image (tried both binarizers, the negative and resized copies)");
  }

  /** The distinct texts of the QR codes in the bitmap: several at once if it holds several. */
  private static Set<String> decodeAll(BinaryBitmap bitmap, Map<DecodeHintType, Object> hints) {
    Set<String> texts = new LinkedHashSet<>();
    try {
      for (Result r : new QRCodeMultiReader().decodeMultiple(bitmap, hints)) {
        texts.add(r.getText());
      }
      return texts;
    } catch (NotFoundException e) {
      // The multi reader needs three clean finder patterns per code; the single reader copes with less.
    }
    try {
      texts.add(new QRCodeReader().decode(bitmap, hints).getText());
    } catch (com.google.zxing.ReaderException e) {
      // Nothing here: the caller tries the next binarizer or source.
    }
    return texts;
  }

  /** Decodes the image after checking its size: bytes first, then the dimensions in the header. */
  private static BufferedImage decode(byte[] image) throws QrImageException {
    if (image.length > MAX_BYTES) {
      throw new QrImageException(Reason.TOO_LARGE, "image must be at most " + MAX_BYTES + " bytes, but was: " + image.length);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new QrImageException(Reason.NOT_AN_IMAGE, "the " + image.length + " bytes are not an image (PNG or JPEG expected)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new QrImageException(Reason.TOO_LARGE, "image must be at most " + MAX_PIXELS + " pixels, but its header says "
              + reader.getWidth(0) + "x" + reader.getHeight(0));
        }
        BufferedImage decoded = reader.read(0);
        if (decoded == null) {
          throw new QrImageException(Reason.NOT_AN_IMAGE, "the " + reader.getFormatName() + " data holds no image");
        }
        return decoded;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Image readers throw IOException and, for some broken data, runtime exceptions.
      throw new QrImageException(Reason.NOT_AN_IMAGE, "the " + image.length + " bytes are not a readable image: " + e.getMessage());
    }
  }

  /** The image as 8-bit luminance at the given size, transparent parts white (as on paper). */
  private static LuminanceSource gray(BufferedImage image, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    return new GrayLuminance(((DataBufferByte) out.getRaster().getDataBuffer()).getData(), width, height);
  }

  /** ZXing's view of a grey image (its own BufferedImage adapter lives in the javase artifact, not core). */
  private static final class GrayLuminance extends LuminanceSource {
    private final byte[] pixels;

    GrayLuminance(byte[] pixels, int width, int height) {
      super(width, height);
      this.pixels = pixels;
    }

    @Override
    public byte[] getRow(int y, byte[] row) {
      byte[] out = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
      System.arraycopy(pixels, y * getWidth(), out, 0, getWidth());
      return out;
    }

    @Override
    public byte[] getMatrix() {
      return pixels;
    }
  }
}

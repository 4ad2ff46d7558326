package org.certhub.signer.seal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws the round red official seal (公章): a red ring, the department's name along the upper arc and a
 * five-pointed star in the centre, 42 mm across. The SVG is a pure function of the name (same name,
 * same bytes); the PNG depends on the fonts installed for its glyphs.
 */
public final class SealPictures {

  /** Diameter of the seal in millimetres (the common size of an official seal). */
  public static final int DIAMETER_MM = 42;

  private static final String RED = "#E60012";
  private static final double RING_RADIUS = 19.8;
  private static final double RING_WIDTH = 1.2;
  private static final double TEXT_RADIUS = 14.8;
  private static final double FONT_SIZE = 5.2;
  private static final double STAR_RADIUS = 6.5;

  private SealPictures() {}

  /**
   * Returns the seal as an SVG picture.
   *
   * @param name the department's name, 1 to 24 characters, not null
   * @return a {@code "SVG"} picture of {@value #DIAMETER_MM} × {@value #DIAMETER_MM} mm
   */
  public static SealInfo.Picture svg(String name) {
    int[] chars = checked(name);
    double c = DIAMETER_MM / 2.0;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(DIAMETER_MM).append("mm\" height=\"").append(DIAMETER_MM)
        .append("mm\" viewBox=\"0 0 ").append(DIAMETER_MM).append(' ').append(DIAMETER_MM).append("\">");
    s.append("<circle cx=\"").append(f(c)).append("\" cy=\"").append(f(c)).append("\" r=\"").append(f(RING_RADIUS))
        .append("\" fill=\"none\" stroke=\"").append(RED).append("\" stroke-width=\"").append(f(RING_WIDTH)).append("\"/>");
    s.append("<path fill=\"").append(RED).append("\" d=\"");
    double[][] star = star(c, c);
    for (int i = 0; i < star.length; i++) {
      s.append(i == 0 ? 'M' : 'L').append(f(star[i][0])).append(' ').append(f(star[i][1]));
    }
    s.append("Z\"/>");
    s.append("<g fill=\"").append(RED).append("\" font-family=\"serif\" font-weight=\"bold\" font-size=\"").append(f(FONT_SIZE))
        .append("\" text-anchor=\"middle\">");
    for (int i = 0; i < chars.length; i++) {
      double a = angle(i, chars.length);
      double x = c + TEXT_RADIUS * Math.sin(Math.toRadians(a));
      double y = c - TEXT_RADIUS * Math.cos(Math.toRadians(a));
      s.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" transform=\"rotate(").append(f(a)).append(' ')
          .append(f(x)).append(' ').append(f(y)).append(")\">").append(escape(new String(chars, i, 1))).append("</text>");
    }
    s.append("</g></svg>");
    return new SealInfo.Picture("SVG", s.toString().getBytes(StandardCharsets.UTF_8), DIAMETER_MM, DIAMETER_MM);
  }

  /**
   * Returns the seal as a PNG picture drawn with Java2D (headless), transparent outside the drawing.
   *
   * @param name the department's name, 1 to 24 characters, not null
   * @param pixelsPerMm resolution, 1 to 40 (12 gives about 300 dpi)
   * @return a {@code "PNG"} picture of {@value #DIAMETER_MM} × {@value #DIAMETER_MM} mm
   */
  public static SealInfo.Picture png(String name, int pixelsPerMm) {
    int[] chars = checked(name);
    if (pixelsPerMm < 1 || pixelsPerMm > 40) {
      throw new IllegalArgumentException("pixelsPerMm must be 1 to 40, but was: " + pixelsPerMm);
    }
    int px = DIAMETER_MM * pixelsPerMm;
    BufferedImage image = new BufferedImage(px, px, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(pixelsPerMm, pixelsPerMm); // draw in millimetres, like the SVG
      g.setColor(Color.decode(RED));
      double c = DIAMETER_MM / 2.0;
      g.setStroke(new BasicStroke((float) RING_WIDTH));
      g.draw(new Ellipse2D.Double(c - RING_RADIUS, c - RING_RADIUS, 2 * RING_RADIUS, 2 * RING_RADIUS));
      Path2D.Double star = new Path2D.Double();
      double[][] points = star(c, c);
      star.moveTo(points[0][0], points[0][1]);
      for (int i = 1; i < points.length; i++) {
        star.lineTo(points[i][0], points[i][1]);
      }
      star.closePath();
      g.fill(star);
      g.setFont(new Font(Font.SERIF, Font.BOLD, 1).deriveFont((float) FONT_SIZE));
      for (int i = 0; i < chars.length; i++) {
        double a = angle(i, chars.length);
        String ch = new String(chars, i, 1);
        AffineTransform saved = g.getTransform();
        g.rotate(Math.toRadians(a), c, c);
        double w = g.getFontMetrics().getStringBounds(ch, g).getWidth();
        g.drawString(ch, (float) (c - w / 2), (float) (c - TEXT_RADIUS));
        g.setTransform(saved);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a PNG to memory cannot fail", e);
    }
    return new SealInfo.Picture("PNG", out.toByteArray(), DIAMETER_MM, DIAMETER_MM);
  }

  private static int[] checked(String name) {
    Objects.requireNonNull(name, "name");
    int[] chars = name.strip().codePoints().toArray();
    if (chars.length < 1 || chars.length > 24) {
      throw new IllegalArgumentException("name must have 1 to 24 characters, but was: " + chars.length);
    }
    return chars;
  }

  /** Angle in degrees from 12 o'clock of character {@code i}: spread over the upper arc, centred on top. */
  private static double angle(int i, int n) {
    double span = Math.min(250.0, 22.0 * (n - 1));
    return n == 1 ? 0 : -span / 2 + span * i / (n - 1);
  }

  /** The ten corners of the star, outer points first, the top point at 12 o'clock. */
  private static double[][] star(double cx, double cy) {
    double inner = STAR_RADIUS * 0.382; // the regular pentagram's inner to outer radius ratio
    double[][] p = new double[10][];
    for (int k = 0; k < 10; k++) {
      double r = k % 2 == 0 ? STAR_RADIUS : inner;
      double a = Math.toRadians(-90 + 36 * k);
      p[k] = new double[] {cx + r * Math.cos(a), cy + r * Math.sin(a)};
    }
    return p;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

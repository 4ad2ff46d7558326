package org.certhub.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart as PNG with plain Java2D and ImageIO (no chart library): one bar per figure at its median, a
 * whisker from min to max over the repeated runs, and the target as a red tick where a figure has one.
 */
final class Chart {
  /** One bar: median and spread; {@code target} is NaN when there is none. */
  record Bar(String label, double median, double min, double max, double target) {}

  private static final int PLOT = 620;
  private static final int ROW = 26;
  private static final Color BAR = new Color(0x4C78A8);
  private static final Color TARGET = new Color(0xD62728);

  private Chart() {}

  static void write(Path png, String title, String unit, List<Bar> bars) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    // Size the label column to the longest label (measured on a scratch image), within bounds.
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D sg = scratch.createGraphics();
    FontMetrics sfm = sg.getFontMetrics(plain);
    int labelWidth = 120;
    for (Bar b : bars) {
      labelWidth = Math.max(labelWidth, sfm.stringWidth(label(b)) + 12);
    }
    sg.dispose();
    labelWidth = Math.min(labelWidth, 560);
    int width = labelWidth + 10 + PLOT + 90;
    int top = 48;
    int height = top + ROW * bars.size() + 44;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, 12, 22);
      g.setFont(plain);
      g.drawString("bar: median; whisker: min–max over the runs; red tick: target (" + unit + ")", 12, 38);
      double max = 0;
      for (Bar b : bars) {
        max = Math.max(max, Math.max(b.max(), Double.isNaN(b.target()) ? 0 : b.target()));
      }
      max = max <= 0 ? 1 : niceCeiling(max);
      int plotLeft = labelWidth + 10;
      int plotWidth = PLOT;
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < bars.size(); i++) {
        Bar b = bars.get(i);
        int y = top + i * ROW;
        String label = label(b);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, labelWidth - fm.stringWidth(label), y + 16);
        int w = (int) Math.round(plotWidth * b.median() / max);
        g.setColor(BAR);
        g.fillRect(plotLeft, y + 5, Math.max(1, w), ROW - 10);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int x0 = plotLeft + (int) Math.round(plotWidth * b.min() / max);
        int x1 = plotLeft + (int) Math.round(plotWidth * b.max() / max);
        g.drawLine(x0, y + ROW / 2, x1, y + ROW / 2);
        g.drawLine(x0, y + 8, x0, y + ROW - 8);
        g.drawLine(x1, y + 8, x1, y + ROW - 8);
        if (!Double.isNaN(b.target())) {
          int xt = plotLeft + (int) Math.round(plotWidth * b.target() / max);
          g.setColor(TARGET);
          g.setStroke(new BasicStroke(3f));
          g.drawLine(xt, y + 2, xt, y + ROW - 2);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(Report.number(b.median()), Math.max(x1, plotLeft + w) + 6, y + 16);
      }
      int axisY = top + ROW * bars.size() + 6;
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(plotLeft, axisY, plotLeft + plotWidth, axisY);
      for (int t = 0; t <= 4; t++) {
        int x = plotLeft + plotWidth * t / 4;
        g.drawLine(x, axisY, x, axisY + 4);
        String s = Report.number(max * t / 4);
        g.drawString(s, x - fm.stringWidth(s) / 2, axisY + 18);
      }
    } finally {
      g.dispose();
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(img, "png", png.toFile());
  }

  private static String label(Bar b) {
    String l = b.label().replace("algorithm=", "").replace("messageBytes=1024", "1 KiB").replace("messageBytes=256", "256 B")
        .replace("messageBytes=20", "20 B");
    return l.length() > 80 ? l.substring(0, 79) + "…" : l;
  }

  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}

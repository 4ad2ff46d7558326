package org.certhub.ledger.tiles;

/**
 * A tile's address in C2SP tlog-tiles: {@code tile/<L>/<N>[.p/<W>]} or {@code tile/entries/<N>[.p/<W>]}.
 * The index N is written in 3-digit groups, every group but the last prefixed by {@code x}
 * ({@code 1234067} → {@code x001/x234/067}). Only the canonical spelling parses: anything else (dot
 * segments, encoded separators, extra zeros, widths outside 1..255) is refused, so one tile has one name.
 *
 * @param entries whether this is an entry bundle rather than a hash tile
 * @param level the tile level 0..63 (0 for entry bundles)
 * @param index the tile index N
 * @param width the number of hashes or entries, 1..256; 256 is a full tile
 */
public record TilePath(boolean entries, int level, long index, int width) {
  /** Hashes or entries in a full tile. */
  public static final int WIDTH = 256;

  public TilePath {
    if (level < 0 || level > 63 || (entries && level != 0)) {
      throw new IllegalArgumentException("tile level must be 0..63 (0 for entries), but was: " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must be >= 0, but was: " + index);
    }
    if (width < 1 || width > WIDTH) {
      throw new IllegalArgumentException("tile width must be 1..256, but was: " + width);
    }
  }

  /** Whether this is a full tile. */
  public boolean full() {
    return width == WIDTH;
  }

  /** The canonical path, e.g. {@code tile/0/x001/234} or {@code tile/entries/005.p/17}. */
  public String path() {
    return "tile/" + (entries ? "entries" : Integer.toString(level)) + "/" + encode(index) + (full() ? "" : ".p/" + width);
  }

  /** The full tile this one is a prefix of (itself if full). */
  public TilePath asFull() {
    return new TilePath(entries, level, index, WIDTH);
  }

  static String encode(long n) {
    String digits = Long.toString(n);
    int pad = (3 - digits.length() % 3) % 3;
    digits = "0".repeat(pad) + digits;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 3) {
      if (i > 0) {
        out.append('/');
      }
      if (i + 3 < digits.length()) {
        out.append('x');
      }
      out.append(digits, i, i + 3);
    }
    return out.toString();
  }

  /**
   * Parses a canonical tile path.
   *
   * @param path e.g. {@code tile/1/x001/234.p/17}
   * @return the tile
   * @throws IllegalArgumentException saying what is wrong, for anything that is not a canonical tile path
   */
  public static TilePath parse(String path) {
    if (path == null || path.length() > 128) {
      throw new IllegalArgumentException("tile path must be at most 128 characters, but was: " + (path == null ? "null" : path.length()));
    }
    if (!path.matches("[a-z0-9x./]+")) {
      throw new IllegalArgumentException("tile path must hold only a-z, 0-9, '.' and '/', but was: " + shorten(path));
    }
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || !parts[0].equals("tile")) {
      throw new IllegalArgumentException("tile path must be tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>], but was: " + shorten(path));
    }
    boolean entries = parts[1].equals("entries");
    int level = 0;
    if (!entries) {
      if (!parts[1].matches("0|[1-9][0-9]?")) {
        throw new IllegalArgumentException("tile level must be 0..63 without leading zeros, but was: " + shorten(parts[1]));
      }
      level = Integer.parseInt(parts[1]);
    }
    int end = parts.length;
    int width = WIDTH;
    if (parts.length >= 4 && parts[parts.length - 2].endsWith(".p")) {
      String w = parts[parts.length - 1];
      if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) > 255) {
        throw new IllegalArgumentException("partial tile width must be 1..255 without leading zeros, but was: " + shorten(w));
      }
      width = Integer.parseInt(w);
      parts[parts.length - 2] = parts[parts.length - 2].substring(0, parts[parts.length - 2].length() - 2);
      end = parts.length - 1;
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 2; i < end; i++) {
      boolean last = i == end - 1;
      String g = parts[i];
      if (!(last ? g.matches("[0-9]{3}") : g.matches("x[0-9]{3}"))) {
        throw new IllegalArgumentException("tile index group " + (i - 1) + " must be " + (last ? "3 digits" : "x and 3 digits")
            + ", but was: " + shorten(g));
      }
      digits.append(last ? g : g.substring(1));
    }
    if (digits.length() > 18) {
      throw new IllegalArgumentException("tile index must be at most 18 digits, but was: " + digits.length());
    }
    long index = Long.parseLong(digits.toString());
    TilePath t = new TilePath(entries, level, index, width);
    if (!t.path().equals(path)) {
      throw new IllegalArgumentException("tile path must be canonical (" + t.path() + "), but was: " + shorten(path));
    }
    return t;
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }
}

package org.certhub.hub.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations on the command line: {@code 30s}, {@code 5m}, {@code 2h}, {@code 365d}, or ISO-8601 ({@code PT5M}). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})([smhd])");

  @Override
  public Duration convert(String value) {
    Duration d;
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("a duration must be like 30s, 5m, 2h, 365d or PT5M, but was: " + value);
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException("a duration must be positive, but was: " + value);
    }
    return d;
  }

  /** A duration in the largest whole unit that fits, e.g. {@code 3 d}, {@code 5 min}, {@code 42 s}. */
  static String format(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + " d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return Math.max(0, d.toSeconds()) + " s";
  }
}

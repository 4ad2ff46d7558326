package org.certhub.signer.file;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.licence.SignedLicence;

/**
 * What {@link LicenceFileVerifier} found in a file: the overall verdict and one outcome per part.
 *
 * @param format the file's format
 * @param verdict {@link Verdict#TAMPERED} if any part is tampered; else {@link Verdict#INVALID} if any failed;
 *     else {@link Verdict#INDETERMINATE} if any is indeterminate; else {@link Verdict#VALID}
 * @param parts one outcome per {@link FilePart.Name}, in that order
 * @param licence the signed licence carried inside, when it could be read
 */
public record FileReport(FileFormat format, Verdict verdict, List<FilePart> parts, Optional<SignedLicence> licence) {

  /** The overall outcome. */
  public enum Verdict {
    /** Every part passed. */
    VALID,
    /** At least one part was changed. */
    TAMPERED,
    /** Nothing changed, but a part is not valid. */
    INVALID,
    /** Nothing failed, but a part could not be decided. */
    INDETERMINATE
  }

  /** Validates and copies the members. */
  public FileReport {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(verdict, "verdict");
    parts = List.copyOf(parts);
    Objects.requireNonNull(licence, "licence");
  }

  /**
   * Returns the outcome of one part.
   *
   * @param name the part
   * @return its outcome
   */
  public FilePart part(FilePart.Name name) {
    return parts.stream().filter(p -> p.part() == name).findFirst().orElseThrow();
  }

  /** The parts found tampered. */
  public List<FilePart.Name> tampered() {
    return parts.stream().filter(p -> p.status() == FilePart.Status.TAMPERED).map(FilePart::part).toList();
  }

  /** Collects outcomes: the worst one per part wins (TAMPERED over FAILED over INDETERMINATE over PASSED). */
  static final class Builder {
    private final Map<FilePart.Name, FilePart> parts = new EnumMap<>(FilePart.Name.class);

    void put(FilePart.Name name, FilePart.Status status, String detail) {
      FilePart now = parts.get(name);
      if (now == null || rank(status) > rank(now.status())) {
        parts.put(name, new FilePart(name, status, detail));
      }
    }

    boolean has(FilePart.Name name, FilePart.Status status) {
      FilePart p = parts.get(name);
      return p != null && p.status() == status;
    }

    void clear(FilePart.Name name) {
      parts.remove(name);
    }

    FileReport build(FileFormat format, Optional<SignedLicence> licence) {
      for (FilePart.Name n : FilePart.Name.values()) {
        parts.putIfAbsent(n, new FilePart(n, FilePart.Status.PASSED, "intact"));
      }
      List<FilePart> all = List.copyOf(parts.values());
      Verdict v = Verdict.VALID;
      if (all.stream().anyMatch(p -> p.status() == FilePart.Status.TAMPERED)) {
        v = Verdict.TAMPERED;
      } else if (all.stream().anyMatch(p -> p.status() == FilePart.Status.FAILED)) {
        v = Verdict.INVALID;
      } else if (all.stream().anyMatch(p -> p.status() == FilePart.Status.INDETERMINATE)) {
        v = Verdict.INDETERMINATE;
      }
      return new FileReport(format, v, all, licence);
    }

    private static int rank(FilePart.Status s) {
      return switch (s) {
        case PASSED -> 0;
        case INDETERMINATE -> 1;
        case FAILED -> 2;
        case TAMPERED -> 3;
      };
    }
  }
}

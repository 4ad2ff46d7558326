package org.certhub.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.certhub.ledger.LedgerVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative golden file per rule in {@code src/test/resources/checkpoint/}, each signed with
 * the sumdb/note "PeterNeumann" key (see SOURCES.md there), with its exact expected message.
 */
class CheckpointGoldenFilesTest {

  private static final String ORIGIN = "example.com/log";

  static String read(String name) throws IOException {
    try (InputStream in = CheckpointGoldenFilesTest.class.getResourceAsStream("/checkpoint/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Stream<Arguments> errors() {
    Class<CheckpointFormatException> format = CheckpointFormatException.class;
    Class<LedgerVerificationException> verification = LedgerVerificationException.class;
    return Stream.of(
        Arguments.of("error_no_final_newline.txt", format,
            "signed note must end with a newline, but was: no final newline"),
        Arguments.of("error_no_blank_line.txt", format,
            "signed note must have a blank line before its signatures, but was: no blank line"),
        Arguments.of("error_control_character.txt", format,
            "signed note must not contain control characters other than newline, but was:"
                + " U+0009 at index 7"),
        Arguments.of("error_ascii_dash.txt", format,
            "signature line 1 must start with \"\u2014 \" (U+2014 EM DASH, space), but was:"
                + " \"- PeterNeumann x08gox1bd30a0u/ByqcG2WelauCiCf0tTZySSb/i5bRBiXu5N\"... (107 chars)"),
        Arguments.of("error_signature_not_base64.txt", format,
            "signature line 1 signature must be base64, but was: \"x08go!!!\""),
        Arguments.of("error_signature_too_short.txt", format,
            "signature line 1 signature must be at least 5 bytes (key ID and signature),"
                + " but was: 4 bytes"),
        Arguments.of("error_no_signature_from_key.txt", verification,
            "signed note must carry a signature from PeterNeumann+c74f20a3, but was signed by:"
                + " \"other.example/key+0497c5e3\""),
        Arguments.of("error_bad_signature.txt", verification,
            "signature line 1 from PeterNeumann+c74f20a3 must be a valid Ed25519 signature of the"
                + " note text, but was: invalid"),
        Arguments.of("error_modified_text.txt", verification,
            "signature line 1 from PeterNeumann+c74f20a3 must be a valid Ed25519 signature of the"
                + " note text, but was: invalid"),
        Arguments.of("error_too_few_lines.txt", format,
            "checkpoint must have 3 lines (origin, size, root hash), but was: 2 lines"),
        Arguments.of("error_extension_line.txt", format,
            "checkpoint line 4 must be absent (extension lines are not accepted), but was:"
                + " \"extension\""),
        Arguments.of("error_empty_origin.txt", format,
            "checkpoint line 1 (origin) must be non-empty, but was: \"\""),
        Arguments.of("error_size_not_a_number.txt", format,
            "checkpoint line 2 (size) must be a decimal number, but was: \"ten\""),
        Arguments.of("error_size_negative.txt", format,
            "checkpoint line 2 (size) must be a decimal number, but was: \"-1\""),
        Arguments.of("error_size_leading_zero.txt", format,
            "checkpoint line 2 (size) must have no leading zeros, but was: \"010\""),
        Arguments.of("error_size_too_large.txt", format,
            "checkpoint line 2 (size) must be at most 9223372036854775807, but was:"
                + " \"9223372036854775808\""),
        Arguments.of("error_root_not_base64.txt", format,
            "checkpoint line 3 (root hash) must be base64, but was: \"not base64!\""),
        Arguments.of("error_root_wrong_length.txt", format,
            "checkpoint line 3 (root hash) must be 32 bytes, but was: 31 bytes"),
        Arguments.of("error_root_not_canonical.txt", format,
            "checkpoint line 3 (root hash) must be canonical padded base64, but was:"
                + " \"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\""),
        Arguments.of("error_wrong_origin.txt", verification,
            "checkpoint line 1 (origin) must be \"example.com/log\", but was:"
                + " \"evil.example/log\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void verify_goldenErrorFile_throwsExactMessage(
      String file, Class<? extends Exception> type, String message) throws Exception {
    String note = read(file);
    NoteVerifier v = NoteVerifier.fromVerifierKey(TestKeys.PETER_VKEY);
    assertThatThrownBy(() -> CheckpointVerifier.verify(note, v, ORIGIN))
        .isExactlyInstanceOf(type)
        .hasMessage(message);
  }

  @Test
  void verify_validGoldenFile_returnsVerifiedCheckpoint() throws Exception {
    String note = read("valid_checkpoint.txt");
    VerifiedCheckpoint c =
        CheckpointVerifier.verify(note, NoteVerifier.fromVerifierKey(TestKeys.PETER_VKEY), ORIGIN);
    assertThat(c.origin()).isEqualTo(ORIGIN);
    assertThat(c.size()).isEqualTo(10);
    assertThat(c.signedNote()).isEqualTo(note);
    assertThat(c.rootHash()).hasSize(32);
  }
}

package org.certhub.signer.file;

import org.certhub.signer.SignerException;

/** This machine cannot make files in a format (for PDF: no CJK TrueType font installed); other formats still work. */
public final class FormatUnavailableException extends SignerException {
  private static final long serialVersionUID = 1L;

  FormatUnavailableException(String message) {
    super(message);
  }
}

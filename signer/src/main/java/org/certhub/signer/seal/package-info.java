/**
 * Electronic seals and stamps of GB/T 38540-2020 (v4, read and written) and GM/T 0031-2014 / -2025
 * (v1 and v5, read only): {@link org.certhub.signer.seal.SealMaker} makes a seal, {@link
 * org.certhub.signer.seal.Stamper} stamps content with it and {@link org.certhub.signer.seal.SealVerifier}
 * checks both, reporting each check. Parsing bounds every allocation by the input's size and reports
 * malformed input as {@link org.certhub.signer.seal.SealFormatException} naming the structure path.
 */
package org.certhub.signer.seal;

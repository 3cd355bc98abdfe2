package dev.osmosis.client;

import dev.osmosis.wire.DeflatedFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads a deflated frame from the server (docs/PROTOCOL.md "Deflated frames") back to its text. */
final class Inflation {
  private Inflation() {}

  /**
   * The text frame {@code frame} (a whole binary frame's payload) stands for.
   *
   * @throws DataFormatException if its kind is unknown, the stream is not raw deflate, it ends
   *     early, or it inflates to more than {@code maxBytes}
   */
  static String text(byte[] frame, int maxBytes) throws DataFormatException {
    return text(frame, frame.length, maxBytes);
  }

  /**
   * As {@link #text(byte[], int)} for the payload {@code frame[0..length)} (a reassembly buffer,
   * read in place).
   */
  static String text(byte[] frame, int length, int maxBytes) throws DataFormatException {
    if (length == 0 || frame[0] != DeflatedFrames.KIND_DEFLATED_TEXT) {
      throw new DataFormatException(
          "unknown binary frame kind " + (length == 0 ? "(empty)" : frame[0]));
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(frame, 1, length - 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length * 4));
      byte[] chunk = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("deflate stream ends early");
        }
        out.write(chunk, 0, n);
        if (out.size() > maxBytes) {
          throw new DataFormatException("inflates to more than " + maxBytes + " bytes");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      inflater.end();
    }
  }
}

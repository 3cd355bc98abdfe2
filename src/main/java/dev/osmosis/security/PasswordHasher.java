package dev.osmosis.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 password hashes with JDK crypto only, encoded as {@code
 * pbkdf2-sha512$<iterations>$<saltBase64>$<hashBase64>}.
 *
 * <p>Verification reads the iteration count, salt and hash length from the encoded string, so the
 * default can be raised later without invalidating stored hashes ({@link #needsRehash(String)}
 * tells which are behind). Comparison is constant-time. Thread safe.
 *
 * <p>Operators hash a password with {@code java -cp target/classes
 * dev.osmosis.security.PasswordHasher 's3cret'}, or without an argument to read it from the console
 * or standard input (keeps it out of shell history).
 */
public final class PasswordHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  static final String SCHEME = "pbkdf2-sha512";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 64;
  // Bounds on what an encoded string may ask for: a corrupt store must not stall logins.
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final int MIN_SALT_BYTES = 8;
  private static final int MIN_HASH_BYTES = 16;
  private static final int MAX_HASH_BYTES = 512;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /** A hasher producing hashes with the given iteration count (tests use a low one). */
  public PasswordHasher(int iterations) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "Iterations must be between 1 and " + MAX_ITERATIONS + ", not " + iterations);
    }
    this.iterations = iterations;
  }

  /** A new encoded hash of the password with a fresh random salt. */
  public String hash(String password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return encode(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
  }

  private static String encode(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder();
    return String.join(
        "$",
        SCHEME,
        Integer.toString(iterations),
        b64.encodeToString(salt),
        b64.encodeToString(hash));
  }

  /**
   * Whether the password matches the encoded hash. A null password never matches.
   *
   * @throws IllegalArgumentException if {@code encoded} is not a well-formed hash
   */
  public static boolean matches(String password, String encoded) {
    Encoded e = parse(encoded);
    if (password == null) {
      return false;
    }
    byte[] actual = derive(password, e.salt, e.iterations, e.hash.length);
    return MessageDigest.isEqual(actual, e.hash);
  }

  /**
   * A well-formed hash that no password matches (its hash bytes are random), costing what a real
   * hash of {@code iterations} costs to verify: verified for principals the store does not know, so
   * that an unknown principal takes as long to refuse as a wrong password.
   */
  public static String unmatchable(int iterations) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return encode(iterations, salt, hash);
  }

  /** The iteration count of a well-formed hash. */
  public static int iterations(String encoded) {
    return parse(encoded).iterations;
  }

  /** Checks the format only (no hashing); the exception message says what is wrong. */
  public static void requireWellFormed(String encoded) {
    parse(encoded);
  }

  /** Whether a well-formed hash uses fewer iterations than this hasher would. */
  public boolean needsRehash(String encoded) {
    return parse(encoded).iterations < iterations;
  }

  private record Encoded(int iterations, byte[] salt, byte[] hash) {}

  private static Encoded parse(String encoded) {
    if (encoded == null) {
      throw malformed("it is missing");
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4) {
      throw malformed("expected 4 fields separated by '$', found " + parts.length);
    }
    if (!SCHEME.equals(parts[0])) {
      throw malformed("unknown scheme '" + parts[0] + "', expected '" + SCHEME + "'");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw malformed("the iteration count is not a number");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw malformed("the iteration count must be between 1 and " + MAX_ITERATIONS);
    }
    byte[] salt = decode(parts[2], "salt");
    byte[] hash = decode(parts[3], "hash");
    if (salt.length < MIN_SALT_BYTES) {
      throw malformed("the salt must have at least " + MIN_SALT_BYTES + " bytes");
    }
    if (hash.length < MIN_HASH_BYTES || hash.length > MAX_HASH_BYTES) {
      throw malformed("the hash must have " + MIN_HASH_BYTES + " to " + MAX_HASH_BYTES + " bytes");
    }
    return new Encoded(iterations, salt, hash);
  }

  private static byte[] decode(String base64, String what) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw malformed("the " + what + " is not base64");
    }
  }

  private static IllegalArgumentException malformed(String reason) {
    // Never echo the encoded value: it is not the password, but it is still secret material.
    return new IllegalArgumentException(
        "Malformed password hash ("
            + reason
            + "); expected "
            + SCHEME
            + "$<iterations>$<salt>$<hash>");
  }

  private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  /** Prints the hash of the password given as the only argument, or read from the console/stdin. */
  public static void main(String[] args) throws IOException {
    String password;
    if (args.length == 1) {
      password = args[0];
    } else if (args.length == 0) {
      password = readPassword();
    } else {
      System.err.println("Usage: java dev.osmosis.security.PasswordHasher [password]");
      System.exit(2);
      return;
    }
    if (password == null || password.isEmpty()) {
      System.err.println("No password given");
      System.exit(2);
      return;
    }
    System.out.println(new PasswordHasher().hash(password));
  }

  private static String readPassword() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      return typed == null ? null : new String(typed);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return in.readLine();
  }
}

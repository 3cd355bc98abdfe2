package dev.osmosis.security;

/**
 * Verifies a password against an encoded hash: {@link #PBKDF2} ({@link PasswordHasher#matches}) on
 * the server; tests substitute a recording one to see which verifications happen. Thread safe.
 */
@FunctionalInterface
public interface PasswordCheck {
  PasswordCheck PBKDF2 = PasswordHasher::matches;

  /** Whether {@code password} (null never matches) is the one {@code encoded} was made from. */
  boolean matches(String password, String encoded);
}

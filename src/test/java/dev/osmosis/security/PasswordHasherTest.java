package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void matches_whenSamePassword_thenTrue() {
    assertTrue(PasswordHasher.matches("s3cret", hasher.hash("s3cret")));
  }

  @Test
  void matches_whenWrongPassword_thenFalse() {
    String encoded = hasher.hash("s3cret");
    assertFalse(PasswordHasher.matches("s3cret!", encoded));
    assertFalse(PasswordHasher.matches("", encoded));
    assertFalse(PasswordHasher.matches(null, encoded));
  }

  @Test
  void hash_whenCalledTwice_thenDifferentSalts() {
    assertNotEquals(hasher.hash("pw"), hasher.hash("pw"));
  }

  @Test
  void hash_whenEncoded_thenFollowsFormat() {
    String[] parts = hasher.hash("pw").split("\\$");
    assertTrue(parts[0].equals("pbkdf2-sha512") && parts[1].equals("1000"));
    assertTrue(Base64.getDecoder().decode(parts[2]).length == 16);
    assertTrue(Base64.getDecoder().decode(parts[3]).length == 64);
  }

  @Test
  void matches_whenIterationsInEncodingDiffer_thenEncodingIsHonoured() {
    String encoded = new PasswordHasher(1_500).hash("pw");
    assertTrue(PasswordHasher.matches("pw", encoded));
    String tampered = encoded.replace("$1500$", "$1501$");
    assertFalse(PasswordHasher.matches("pw", tampered));
  }

  @Test
  void needsRehash_whenFewerIterationsThanHasher_thenTrue() {
    String encoded = hasher.hash("pw");
    assertTrue(new PasswordHasher(2_000).needsRehash(encoded));
    assertFalse(hasher.needsRehash(encoded));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "password",
        "pbkdf2-sha512$1000$c2FsdHNhbHQ=",
        "bcrypt$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$many$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$0$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$99999999$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$1000$not base64!$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$1000$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==",
        "pbkdf2-sha512$1000$c2FsdHNhbHQ=$",
        "pbkdf2-sha512$1000$c2FsdHNhbHQ=$aGFzaA==$extra"
      })
  void matches_whenEncodingMalformed_thenIllegalArgumentNotMatch(String encoded) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PasswordHasher.matches("password", encoded));
    assertTrue(e.getMessage().startsWith("Malformed password hash"), e.getMessage());
  }

  @Test
  void matches_whenEncodingNull_thenIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> PasswordHasher.matches("pw", null));
  }

  @Test
  void constructor_whenIterationsOutOfRange_thenRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
  }
}

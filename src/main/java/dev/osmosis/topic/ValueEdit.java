package dev.osmosis.topic;

import java.util.Arrays;

/**
 * A STRING or BINARY topic's change as one edit of its old value (docs/TOPICS.md "Deltas"): remove
 * {@link #remove} units at {@link #at} and insert {@link #insert} there. Units are UTF-16 code
 * units for a STRING (what both clients index strings by), bytes for a BINARY. Computed once per
 * update under the topic's order ({@link Topic}), from the longest common prefix and suffix: linear
 * time, no allocation but the inserted part; fan-out sends it only when its message is shorter than
 * the value's. A STRING edit never splits a surrogate pair, so its insert always has a UTF-8 form.
 *
 * @param at where the edit starts in the old value
 * @param remove how many units of the old value it removes
 * @param insert what it inserts: an {@link TopicValue.OfString} or {@link TopicValue.OfBinary}
 */
public record ValueEdit(int at, int remove, TopicValue insert) {

  /** The edit from {@code before} to {@code after}, or null if they share no prefix or suffix. */
  public static ValueEdit of(TopicValue.OfString before, TopicValue.OfString after) {
    String b = before.value();
    String a = after.value();
    int max = Math.min(a.length(), b.length());
    int prefix = 0;
    while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
      prefix++;
    }
    if (prefix > 0 && prefix < a.length() && Character.isHighSurrogate(a.charAt(prefix - 1))) {
      prefix--; // never split a pair: the insert must be whole characters
    }
    int suffix = 0;
    int room = max - prefix;
    while (suffix < room
        && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
      suffix++;
    }
    if (suffix > 0 && Character.isLowSurrogate(a.charAt(a.length() - suffix))) {
      suffix--;
    }
    if (prefix == 0 && suffix == 0) {
      return null;
    }
    return new ValueEdit(
        prefix,
        b.length() - suffix - prefix,
        TopicValue.string(a.substring(prefix, a.length() - suffix)));
  }

  /** The edit from {@code before} to {@code after}, or null if they share no prefix or suffix. */
  public static ValueEdit of(TopicValue.OfBinary before, TopicValue.OfBinary after) {
    byte[] b = before.shared();
    byte[] a = after.shared();
    int max = Math.min(a.length, b.length);
    int prefix = Arrays.mismatch(a, 0, max, b, 0, max);
    if (prefix < 0) {
      prefix = max;
    }
    int suffix = 0;
    int room = max - prefix;
    while (suffix < room && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
      suffix++;
    }
    if (prefix == 0 && suffix == 0) {
      return null;
    }
    return new ValueEdit(
        prefix,
        b.length - suffix - prefix,
        TopicValue.OfBinary.wrap(Arrays.copyOfRange(a, prefix, a.length - suffix)));
  }

  /** This edit applied to {@code before} (what a client does; for tests). */
  public TopicValue applyTo(TopicValue before) {
    if (before instanceof TopicValue.OfString s && insert instanceof TopicValue.OfString i) {
      String v = s.value();
      return TopicValue.string(v.substring(0, at) + i.value() + v.substring(at + remove));
    }
    if (before instanceof TopicValue.OfBinary s && insert instanceof TopicValue.OfBinary i) {
      byte[] v = s.shared();
      byte[] in = i.shared();
      byte[] out = new byte[v.length - remove + in.length];
      System.arraycopy(v, 0, out, 0, at);
      System.arraycopy(in, 0, out, at, in.length);
      System.arraycopy(v, at + remove, out, at + in.length, v.length - at - remove);
      return TopicValue.OfBinary.wrap(out);
    }
    throw new IllegalArgumentException("an edit of " + insert.type() + " applied to " + before);
  }
}

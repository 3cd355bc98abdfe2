package dev.osmosis.subscribe;

import java.util.Comparator;

/**
 * The order of topic paths for fetch ranges and results: segment by segment, each segment compared
 * by {@link String#compareTo} (UTF-16 code units, so case-sensitive, upper case first); when one
 * path is a prefix of the other (segment-wise) the shorter comes first. So a parent precedes its
 * descendants, and all of them precede the parent's next sibling: {@code a < a/b < a/b/c < a/c <
 * a-b < b}. (Plain string order would put {@code a-b} before {@code a/b}, because {@code '-'} sorts
 * before {@code '/'}.) Allocates nothing.
 */
public final class PathOrder {
  /** The order as a comparator of canonical paths. */
  public static final Comparator<String> COMPARATOR = PathOrder::compare;

  private PathOrder() {}

  /** Compares two canonical paths; negative if {@code a} comes first. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    int n = a.length();
    int m = b.length();
    while (i < n && j < m) {
      int ei = a.indexOf('/', i);
      int ej = b.indexOf('/', j);
      if (ei < 0) {
        ei = n;
      }
      if (ej < 0) {
        ej = m;
      }
      int c = compareRegion(a, i, ei, b, j, ej);
      if (c != 0) {
        return c;
      }
      i = ei + 1;
      j = ej + 1;
    }
    boolean aDone = i >= n;
    boolean bDone = j >= m;
    return aDone == bDone ? 0 : aDone ? -1 : 1;
  }

  private static int compareRegion(String a, int from, int to, String b, int bFrom, int bTo) {
    int len = Math.min(to - from, bTo - bFrom);
    for (int k = 0; k < len; k++) {
      char x = a.charAt(from + k);
      char y = b.charAt(bFrom + k);
      if (x != y) {
        return x - y;
      }
    }
    return (to - from) - (bTo - bFrom);
  }

  /**
   * The first {@code depth} segments of a canonical path, or null if it has fewer than {@code
   * depth}.
   */
  static String prefix(String path, int depth) {
    int at = -1;
    for (int k = 0; k < depth; k++) {
      at = path.indexOf('/', at + 1);
      if (at < 0) {
        return k == depth - 1 ? path : null;
      }
    }
    return path.substring(0, at);
  }
}

package dev.osmosis.selector;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code #sel1////sel2}: selects what any member selects. Nested sets are flattened and duplicate
 * members dropped by the parser. The literal prefix is the longest segment-wise prefix common to
 * the members' prefixes (Diffusion's definition); indexing and permission checks use the members'
 * own prefixes, which are more precise.
 */
final class SelectorSet implements TopicSelector {

  private final List<TopicSelector> members;
  private final String prefix;
  private final String expression;

  SelectorSet(List<TopicSelector> members) {
    this.members = List.copyOf(members);
    this.prefix = commonPrefix(this.members);
    this.expression =
        "#"
            + this.members.stream()
                .map(TopicSelector::expression)
                .collect(Collectors.joining("////"));
  }

  private static String commonPrefix(List<TopicSelector> members) {
    String common = members.get(0).literalPrefix();
    for (TopicSelector member : members) {
      String other = member.literalPrefix();
      int n = Math.min(common.length(), other.length());
      int same = 0;
      while (same < n && common.charAt(same) == other.charAt(same)) {
        same++;
      }
      boolean boundary =
          (same == common.length() || common.charAt(same) == '/')
              && (same == other.length() || other.charAt(same) == '/');
      if (!boundary) {
        same = Math.max(0, common.lastIndexOf('/', same - 1));
      }
      common = common.substring(0, same);
    }
    return common;
  }

  @Override
  public boolean matches(String path) {
    for (int i = 0, n = members.size(); i < n; i++) {
      if (members.get(i).matches(path)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String literalPrefix() {
    return prefix;
  }

  @Override
  public Type type() {
    return Type.SELECTOR_SET;
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public List<TopicSelector> members() {
    return members;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SelectorSet && ((SelectorSet) o).expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}

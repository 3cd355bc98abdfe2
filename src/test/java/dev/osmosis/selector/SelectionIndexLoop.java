package dev.osmosis.selector;

/**
 * A hand-run measurement, not a test (no JMH): root-bucket selections (no literal prefix) added,
 * looked up and removed. {@code java -cp target/classes:target/test-classes:$(cat cp.txt)
 * dev.osmosis.selector.SelectionIndexLoop}
 */
public final class SelectionIndexLoop {
  private SelectionIndexLoop() {}

  public static void main(String[] args) {
    int owners = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int perOwner = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    TopicSelector[] selectors = new TopicSelector[perOwner];
    for (int i = 0; i < perOwner; i++) {
      selectors[i] = TopicSelector.parse("*(x" + i + ")/.*");
    }
    for (int round = 0; round < 3; round++) {
      SelectionLimits unbounded =
          new SelectionLimits(
              1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30, 1 << 30, 1, 1);
      SelectionIndex<Integer> index =
          new SelectionIndex<>(new SelectionBudget(unbounded), owner -> null);
      long t0 = System.nanoTime();
      for (int o = 0; o < owners; o++) {
        for (TopicSelector s : selectors) {
          index.add(o, s);
        }
      }
      long t1 = System.nanoTime();
      int found = index.matching("x7/y").size();
      long t2 = System.nanoTime();
      for (int o = 0; o < owners; o += 2) {
        for (TopicSelector s : selectors) {
          index.remove(o, s);
        }
      }
      long t3 = System.nanoTime();
      for (int o = 1; o < owners; o += 2) {
        index.removeAll(o);
      }
      long t4 = System.nanoTime();
      System.out.printf(
          "%d owners x %d root selections: add %d ms, one lookup %.1f ms (%d owners), remove half one by one"
              + " %d ms, removeAll other half %d ms, owners left %d%n",
          owners,
          perOwner,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1e6,
          found,
          (t3 - t2) / 1_000_000,
          (t4 - t3) / 1_000_000,
          index.owners());
    }
  }
}

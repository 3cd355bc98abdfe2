package dev.osmosis.bench.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What keeps the objects of an idle session alive, read from an HPROF heap dump ({@code jcmd PID
 * GC.heap_dump FILE}; docs/BENCHMARKS.md#idle-memory). One breadth-first walk from the dump's GC
 * roots gives every reachable object its shortest path from a root; then:
 *
 * <pre>
 * HeapPaths DUMP paths CLASS [DEPTH]      instances of CLASS grouped by the last DEPTH steps of their
 *                                         path (0: the whole path), bytes and count per group, an
 *                                         example path each
 * HeapPaths DUMP retained N CLASS...      what only instances of the CLASSes keep alive (the walk
 *                                         again, not entering them), by class, per N (the sessions)
 * HeapPaths DUMP histo                    every reachable object by class: count and bytes (two
 *                                         dumps' histograms side by side: a change's saving)
 * </pre>
 *
 * Sizes are estimates of a 64-bit JVM with compressed pointers (12-byte object header, 4-byte
 * references, 16-byte array header, 8-byte alignment), like {@code GC.class_histogram}'s within a
 * few per cent. An instance refers to its class; a class to its superclass, loader and static
 * fields. Runs in the bench jar: {@code java -Xmx4g -cp target/benchmarks.jar
 * dev.osmosis.bench.load.HeapPaths ...}.
 */
public final class HeapPaths {
  private static final String[] PRIMITIVE = {
    null, null, "Object", null, "boolean", "char", "float", "double", "byte", "short", "int", "long"
  };
  private static final int[] HEAP_SIZE = {0, 0, 4, 0, 1, 2, 4, 8, 1, 2, 4, 8};

  private final ByteBuffer b;
  private int idSize;
  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, Long> classNames = new HashMap<>(); // class object id -> name string id
  private final Map<Long, ClassInfo> classes = new HashMap<>();
  private final IdIndex index = new IdIndex();
  // per node
  private int n;
  private long[] ids = new long[1 << 20];
  private int[] pos = new int[1 << 20]; // offset of the sub-record's body (after its tag)
  private byte[] kind = new byte[1 << 20]; // 0 class, 1 instance, 2 object array, 3 primitive array
  private final List<Long> roots = new ArrayList<>();
  private int[] parent; // BFS parent node, -2 a root, -1 unreachable

  private static final class ClassInfo {
    long id;
    long superId;
    long loaderId;
    String name;
    long[] fieldNames;
    byte[] fieldTypes;
    long[] staticRefs;
    int shallow;
    ClassInfo superClass;
  }

  private HeapPaths(ByteBuffer b) {
    this.b = b;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: HeapPaths DUMP paths CLASS [DEPTH] | DUMP retained N CLASS... | DUMP histo");
      System.exit(2);
    }
    ByteBuffer b;
    try (RandomAccessFile f = new RandomAccessFile(args[0], "r");
        FileChannel ch = f.getChannel()) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new IOException("dumps over 2 GB are not supported");
      }
      b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    HeapPaths h = new HeapPaths(b);
    h.read();
    h.parent = h.walk(Set.of());
    switch (args[1]) {
      case "paths" -> h.paths(args[2], args.length > 3 ? Integer.parseInt(args[3]) : 4);
      case "histo" -> h.histo();
      case "retained" ->
          h.retained(Integer.parseInt(args[2]), Set.of(Arrays.copyOfRange(args, 3, args.length)));
      default -> throw new IllegalArgumentException("unknown command " + args[1]);
    }
  }

  private long id(int at) {
    return idSize == 8 ? b.getLong(at) : b.getInt(at) & 0xFFFFFFFFL;
  }

  private void read() {
    int at = 0;
    while (b.get(at) != 0) {
      at++;
    }
    idSize = b.getInt(at + 1);
    at += 1 + 4 + 8;
    int end = b.limit();
    while (at < end) {
      int tag = b.get(at) & 0xFF;
      int length = b.getInt(at + 5);
      int body = at + 9;
      switch (tag) {
        case 0x01 -> {
          byte[] s = new byte[length - idSize];
          b.get(body + idSize, s);
          strings.put(id(body), new String(s, java.nio.charset.StandardCharsets.UTF_8));
        }
        case 0x02 -> classNames.put(id(body + 4), id(body + 8 + idSize));
        case 0x0C, 0x1C -> heapSegment(body, body + length);
        default -> {}
      }
      at = body + length;
    }
    for (ClassInfo c : classes.values()) {
      String name = strings.get(classNames.get(c.id));
      c.name = name == null ? "?" : name.replace('/', '.');
      c.superClass = classes.get(c.superId);
    }
    for (ClassInfo c : classes.values()) {
      int bytes = 12;
      for (ClassInfo k = c; k != null; k = k.superClass) {
        for (byte t : k.fieldTypes) {
          bytes += HEAP_SIZE[t];
        }
      }
      c.shallow = align(bytes);
    }
    System.err.printf(
        Locale.ROOT, "%,d objects, %,d classes, %,d roots%n", n, classes.size(), roots.size());
  }

  private static int align(long bytes) {
    return (int) ((bytes + 7) & ~7L);
  }

  private void add(long id, int at, int k) {
    if (n == ids.length) {
      ids = Arrays.copyOf(ids, n * 2);
      pos = Arrays.copyOf(pos, n * 2);
      kind = Arrays.copyOf(kind, n * 2);
    }
    ids[n] = id;
    pos[n] = at;
    kind[n] = (byte) k;
    index.put(id, n++);
  }

  private void heapSegment(int at, int end) {
    int id = idSize;
    while (at < end) {
      int sub = b.get(at) & 0xFF;
      int body = at + 1;
      switch (sub) {
        case 0xFF, 0x05, 0x07 -> { // unknown, sticky class, monitor used
          roots.add(id(body));
          at = body + id;
        }
        case 0x01 -> { // JNI global
          roots.add(id(body));
          at = body + 2 * id;
        }
        case 0x02, 0x03, 0x08 -> { // JNI local, Java frame, thread object
          roots.add(id(body));
          at = body + id + 8;
        }
        case 0x04, 0x06 -> { // native stack, thread block
          roots.add(id(body));
          at = body + id + 4;
        }
        case 0x20 -> at = classDump(body);
        case 0x21 -> {
          add(id(body), body, 1);
          at = body + 2 * id + 8 + b.getInt(body + 2 * id + 4);
        }
        case 0x22 -> {
          add(id(body), body, 2);
          at = body + 2 * id + 8 + b.getInt(body + id + 4) * id;
        }
        case 0x23 -> {
          add(id(body), body, 3);
          int type = b.get(body + id + 8);
          at = body + id + 9 + b.getInt(body + id + 4) * valueSize(type);
        }
        default -> throw new IllegalStateException("sub-record " + sub + " at " + at);
      }
    }
  }

  private int valueSize(int type) {
    return type == 2 ? idSize : HEAP_SIZE[type];
  }

  private int classDump(int body) {
    ClassInfo c = new ClassInfo();
    c.id = id(body);
    c.superId = id(body + idSize + 4);
    c.loaderId = id(body + 2 * idSize + 4);
    int at = body + 7 * idSize + 4 + 4;
    int cp = b.getShort(at) & 0xFFFF;
    at += 2;
    for (int i = 0; i < cp; i++) {
      at += 2 + 1 + valueSize(b.get(at + 2));
    }
    int statics = b.getShort(at) & 0xFFFF;
    at += 2;
    List<Long> refs = new ArrayList<>();
    for (int i = 0; i < statics; i++) {
      int type = b.get(at + idSize);
      if (type == 2) {
        refs.add(id(at + idSize + 1));
      }
      at += idSize + 1 + valueSize(type);
    }
    c.staticRefs = refs.stream().mapToLong(Long::longValue).toArray();
    int fields = b.getShort(at) & 0xFFFF;
    at += 2;
    c.fieldNames = new long[fields];
    c.fieldTypes = new byte[fields];
    for (int i = 0; i < fields; i++) {
      c.fieldNames[i] = id(at);
      c.fieldTypes[i] = b.get(at + idSize);
      at += idSize + 1;
    }
    classes.put(c.id, c);
    add(c.id, body, 0);
    return at;
  }

  /** Calls {@code to} for each reference of node {@code i} with the referring field's name. */
  private void refs(int i, RefSink to) {
    int at = pos[i];
    switch (kind[i]) {
      case 0 -> {
        ClassInfo c = classes.get(ids[i]);
        to.ref(c.superId, "<super>");
        to.ref(c.loaderId, "<loader>");
        for (long r : c.staticRefs) {
          to.ref(r, "<static>");
        }
      }
      case 1 -> {
        ClassInfo c = classes.get(id(at + idSize + 4));
        to.ref(c.id, "<class>");
        int v = at + 2 * idSize + 8;
        for (ClassInfo k = c; k != null; k = k.superClass) {
          for (int f = 0; f < k.fieldTypes.length; f++) {
            if (k.fieldTypes[f] == 2) {
              to.ref(id(v), k.fieldNames[f]);
            }
            v += valueSize(k.fieldTypes[f]);
          }
        }
      }
      case 2 -> {
        int count = b.getInt(at + idSize + 4);
        int v = at + 2 * idSize + 8;
        for (int e = 0; e < count; e++) {
          to.ref(id(v + e * idSize), "[]");
        }
      }
      default -> {}
    }
  }

  private interface RefSink {
    /** {@code field}: a String naming a pseudo-reference, or a Long naming a field's string id. */
    void ref(long id, Object field);
  }

  /** Breadth-first from the roots, never entering instances of {@code skip}; the parent array. */
  private int[] walk(Set<String> skip) {
    int[] parents = new int[n];
    Arrays.fill(parents, -1);
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (long r : roots) {
      int i = index.get(r);
      if (i >= 0 && parents[i] == -1 && !skipped(i, skip)) {
        parents[i] = -2;
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int from = queue[head++];
      int[] t = {tail};
      refs(
          from,
          (ref, field) -> {
            int to = ref == 0 ? -1 : index.get(ref);
            if (to >= 0 && parents[to] == -1 && !skipped(to, skip)) {
              parents[to] = from;
              queue[t[0]++] = to;
            }
          });
      tail = t[0];
    }
    return parents;
  }

  private boolean skipped(int i, Set<String> skip) {
    return !skip.isEmpty() && skip.contains(className(i));
  }

  private String className(int i) {
    int at = pos[i];
    return switch (kind[i]) {
      case 0 -> "class " + classes.get(ids[i]).name;
      case 1 -> classes.get(id(at + idSize + 4)).name;
      case 2 -> {
        ClassInfo c = classes.get(id(at + idSize + 8));
        yield c == null ? "Object[]" : c.name;
      }
      default -> PRIMITIVE[b.get(at + idSize + 8)] + "[]";
    };
  }

  private long shallow(int i) {
    int at = pos[i];
    return switch (kind[i]) {
      case 0 -> 0;
      case 1 -> classes.get(id(at + idSize + 4)).shallow;
      case 2 -> align(16 + 4L * b.getInt(at + idSize + 4));
      default -> align(16 + (long) b.getInt(at + idSize + 4) * HEAP_SIZE[b.get(at + idSize + 8)]);
    };
  }

  /** The name of the field of {@code from} that refers to {@code to}. */
  private String field(int from, int to) {
    String[] name = {"?"};
    long target = ids[to];
    refs(
        from,
        (ref, field) -> {
          if (ref == target && "?".equals(name[0])) {
            name[0] = field instanceof Long s ? strings.getOrDefault(s, "?") : (String) field;
          }
        });
    return name[0];
  }

  /** The path from a root to {@code i}: "Root -> Class.field -> ...", the last {@code depth}. */
  private String path(int i, int depth) {
    List<String> steps = new ArrayList<>();
    int at = i;
    while (parent[at] >= 0 && (depth == 0 || steps.size() < depth)) {
      int p = parent[at];
      steps.add(className(p) + "." + field(p, at));
      at = p;
    }
    if (parent[at] == -2) {
      steps.add("<root>");
    }
    java.util.Collections.reverse(steps);
    return String.join(" -> ", steps);
  }

  private void paths(String type, int depth) {
    Map<String, long[]> groups = new HashMap<>(); // signature -> count, bytes, example
    long count = 0;
    for (int i = 0; i < n; i++) {
      if (parent[i] != -1 && className(i).equals(type)) {
        count++;
        long[] g = groups.computeIfAbsent(path(i, depth), k -> new long[3]);
        g[0]++;
        g[1] += shallow(i);
        g[2] = i;
      }
    }
    System.out.printf(Locale.ROOT, "%,d reachable %s in %d groups%n", count, type, groups.size());
    groups.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(25)
        .forEach(
            e -> {
              System.out.printf(
                  Locale.ROOT,
                  "%,10d B %,7d x  ... %s%n",
                  e.getValue()[1],
                  e.getValue()[0],
                  e.getKey());
              System.out.println("      e.g. " + path((int) e.getValue()[2], 0));
            });
  }

  private void histo() {
    Map<String, long[]> byClass = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (parent[i] != -1) {
        long[] g = byClass.computeIfAbsent(className(i), k -> new long[2]);
        g[0]++;
        g[1] += shallow(i);
      }
    }
    byClass.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT, "%d %d %s%n", e.getValue()[1], e.getValue()[0], e.getKey()));
  }

  private void retained(int sessions, Set<String> owners) {
    int[] without = walk(owners);
    Map<String, long[]> byClass = new HashMap<>();
    long bytes = 0;
    long objects = 0;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (parent[i] != -1 && (without[i] == -1)) {
        String c = className(i);
        long s = shallow(i);
        long[] g = byClass.computeIfAbsent(c, k -> new long[2]);
        g[0]++;
        g[1] += s;
        bytes += s;
        objects++;
        seen.add(c);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "kept alive only through %s: %,d objects, %,d bytes = %,.0f bytes per session (%d)%n",
        owners,
        objects,
        bytes,
        bytes / (double) sessions,
        sessions);
    byClass.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(60)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "%,8.0f B %6.1f x  %s%n",
                    e.getValue()[1] / (double) sessions,
                    e.getValue()[0] / (double) sessions,
                    e.getKey()));
  }

  /** Object id to node number, open addressing. */
  private static final class IdIndex {
    private long[] keys = new long[1 << 21];
    private int[] values = new int[1 << 21];
    private int size;

    void put(long key, int value) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int h = hash(key) & mask;
      while (keys[h] != 0 && keys[h] != key) {
        h = (h + 1) & mask;
      }
      if (keys[h] == 0) {
        size++;
      }
      keys[h] = key;
      values[h] = value;
    }

    int get(long key) {
      int mask = keys.length - 1;
      int h = hash(key) & mask;
      while (keys[h] != 0) {
        if (keys[h] == key) {
          return values[h];
        }
        h = (h + 1) & mask;
      }
      return -1;
    }

    private static int hash(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }

    private void grow() {
      long[] k = keys;
      int[] v = values;
      keys = new long[k.length * 2];
      values = new int[k.length * 2];
      size = 0;
      for (int i = 0; i < k.length; i++) {
        if (k[i] != 0) {
          put(k[i], v[i]);
        }
      }
    }
  }
}

package dev.osmosis.bench.filter;

import dev.osmosis.filter.FilterTarget;
import dev.osmosis.filter.SessionFilter;
import dev.osmosis.filter.SessionFilterParser;
import dev.osmosis.filter.SessionFilters;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3's target: {@code Department is "Accounts" and $Country ne "US"} against 100,000 sessions,
 * at least 10 million session evaluations per second on one thread, 0 B allocated per evaluation.
 * {@link #evaluate} reports evaluations per second ({@code @OperationsPerInvocation}), so its
 * {@code gc.alloc.rate.norm} under {@code -prof gc} is bytes per evaluation. Parse cost is measured
 * cold ({@link #parse}) and as a cache hit ({@link #compileCached}).
 *
 * <p>Run: {@code mvn -q -B -Pbench -DskipTests package && java -jar target/benchmarks.jar
 * SessionFilterBench -prof gc -f 1 -wi 3 -i 5 -w 1s -r 1s -t 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SessionFilterBench {

  static final String FILTER = "Department is \"Accounts\" and $Country ne \"US\"";
  static final int SESSIONS = 100_000;

  private static final String[] DEPARTMENTS = {"Accounts", "Payroll", "Sales", "Support", "IT"};
  private static final String[] COUNTRIES = {"US", "GB", "FR", "DE", "NZ", "JP", "BR", "IN"};
  private static final String[] ROLES = {"CLIENT", "operator", "accountancy", "trading desk"};

  private FilterTarget[] sessions;
  private FilterTarget[] realSessions;
  private SessionFilter filter;
  private SessionFilterParser parser;
  private SessionFilters filters;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    sessions = new FilterTarget[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      sessions[i] = session(i, random);
    }
    realSessions = RealSessions.open(SESSIONS, DEPARTMENTS, new Random(42));
    parser = new SessionFilterParser();
    filter = parser.parse(FILTER);
    filters = new SessionFilters();
    filters.compile(FILTER);
  }

  /** ~16 properties: the fixed ones a server assigns, plus user ones; values built per session. */
  private static FilterTarget session(int i, Random random) {
    Map<String, String> p = new HashMap<>();
    p.put("$SessionId", Long.toHexString(random.nextLong()) + "-" + Integer.toHexString(i));
    p.put("$Principal", "user" + random.nextInt(10_000));
    p.put("$ClientIP", "10." + random.nextInt(256) + "." + random.nextInt(256) + ".7");
    p.put("$ClientType", "JAVASCRIPT_BROWSER");
    p.put("$Connector", "osmosis");
    p.put("$Country", new String(COUNTRIES[random.nextInt(COUNTRIES.length)]));
    p.put("$Language", "en");
    p.put("$Latitude", "NaN");
    p.put("$Longitude", "NaN");
    p.put("$ServerName", "osmosis-1");
    p.put("$StartTime", Long.toString(1_700_000_000_000L + random.nextInt(1_000_000)));
    p.put("$Transport", "WEBSOCKET");
    p.put("$Roles", "\"CLIENT\"");
    // User values arrive decoded from each client's frame: distinct String instances.
    p.put("Department", new String(DEPARTMENTS[random.nextInt(DEPARTMENTS.length)]));
    p.put("Status", random.nextBoolean() ? "Open" : "Closed");
    p.put("Desk", "desk-" + random.nextInt(50));
    Set<String> roles =
        random.nextInt(4) == 0 ? Set.of("CLIENT", ROLES[1 + random.nextInt(3)]) : Set.of("CLIENT");
    return new MapTarget(p, roles);
  }

  @Benchmark
  @OperationsPerInvocation(SESSIONS)
  public int evaluate() {
    SessionFilter f = filter;
    FilterTarget[] all = sessions;
    int matched = 0;
    for (int i = 0; i < all.length; i++) {
      if (f.matches(all[i])) {
        matched++;
      }
    }
    return matched;
  }

  /**
   * The same filter against real server {@code Session} objects (opened through {@code
   * Sessions.open}, so their properties are the immutable snapshot the server keeps). {@code
   * $Country} is "" on every server session (no geo database), so the second clause is always true
   * here.
   */
  @Benchmark
  @OperationsPerInvocation(SESSIONS)
  public int evaluateServerSessions() {
    SessionFilter f = filter;
    FilterTarget[] all = realSessions;
    int matched = 0;
    for (int i = 0; i < all.length; i++) {
      if (f.matches(all[i])) {
        matched++;
      }
    }
    return matched;
  }

  @Benchmark
  public SessionFilter parse() {
    return parser.parse(FILTER);
  }

  @Benchmark
  public SessionFilter compileCached() {
    return filters.compile(FILTER);
  }
}

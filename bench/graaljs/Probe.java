import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Weighs GraalJS (the polyglot engine on a stock JDK, as it would run inside Payara) for seed 004's
 * script handlers: start-up, heap, and the cost of one onMessage of the seed's chat script beside
 * the same handler in Java. Run by bench/graaljs/run.sh; not part of the server.
 */
public class Probe {
  public static long sink;

  public static class Room {
    public void join() {}

    public void broadcastExcept(String message) {
      sink += message.length();
    }
  }

  public static class Session {
    final Map<String, Object> attributes = new HashMap<>();
    final Room room = new Room();
    public final String id = "0b6c";

    public String getParameter(String name) {
      return "alice";
    }

    public void setAttribute(String key, Object value) {
      attributes.put(key, value);
    }

    public Object getAttribute(String key) {
      return attributes.get(key);
    }

    public void send(String message) {
      sink += message.length();
    }

    public Room room(String name) {
      return room;
    }
  }

  static final String SCRIPT =
      "export function onOpen(session) {\n"
          + "  const username = session.getParameter('user') || 'anonymous';\n"
          + "  session.setAttribute('username', username);\n"
          + "  session.room('chat').join();\n"
          + "  session.send(JSON.stringify({ type: 'welcome', id: session.id }));\n"
          + "  session.room('chat').broadcastExcept(JSON.stringify({ type: 'join', user: username }));\n"
          + "}\n"
          + "export function onMessage(session, message) {\n"
          + "  const username = session.getAttribute('username');\n"
          + "  session.room('chat').broadcastExcept(JSON.stringify({\n"
          + "    type: 'message', from: username, text: message, timestamp: Date.now() }));\n"
          + "}\n";

  static long heap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static Value[] load(Engine engine, List<Context> keep) throws Exception {
    Context context =
        Context.newBuilder("js")
            .engine(engine)
            .allowHostAccess(HostAccess.ALL)
            .allowExperimentalOptions(true)
            .option("js.esm-eval-returns-exports", "true")
            .build();
    keep.add(context);
    Value exports =
        context.eval(
            Source.newBuilder("js", SCRIPT, "chat.mjs")
                .mimeType("application/javascript+module")
                .build());
    return new Value[] {exports.getMember("onOpen"), exports.getMember("onMessage")};
  }

  public static void main(String[] args) throws Exception {
    System.out.println("java " + System.getProperty("java.vm.version"));
    long heap0 = heap();
    long t0 = System.nanoTime();
    Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    long t1 = System.nanoTime();
    List<Context> contexts = new ArrayList<>();
    Value[] handler = load(engine, contexts);
    Session session = new Session();
    handler[0].execute(session);
    long t2 = System.nanoTime();
    System.out.printf(
        "start-up: engine %.0f ms, first script loaded and onOpen run %.0f ms%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    long heap1 = heap();
    for (int i = 0; i < 10; i++) {
      load(engine, contexts)[0].execute(new Session());
    }
    long heap2 = heap();
    System.out.printf(
        "heap: engine + first context %.1f MB, each further context %.0f KB%n",
        (heap1 - heap0) / 1e6, (heap2 - heap1) / 10 / 1e3);

    int rounds = 30;
    int calls = 20_000;
    double[] js = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long b = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        handler[1].execute(session, "hello world");
      }
      js[r] = (System.nanoTime() - b) / 1e3 / calls;
    }
    double[] java = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long b = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        String username = (String) session.getAttribute("username");
        session
            .room("chat")
            .broadcastExcept(
                "{\"type\":\"message\",\"from\":\""
                    + username
                    + "\",\"text\":\"hello world\",\"timestamp\":"
                    + System.currentTimeMillis()
                    + "}");
      }
      java[r] = (System.nanoTime() - b) / 1e3 / calls;
    }
    System.out.printf(
        "onMessage µs, first round / median of the last 10 of %d rounds of %d calls: "
            + "script %.2f / %.2f, Java %.3f / %.3f%n",
        rounds, calls, js[0], median(js), java[0], median(java));
    for (Context c : contexts) {
      c.close();
    }
    engine.close();
  }

  static double median(double[] all) {
    double[] last = java.util.Arrays.copyOfRange(all, all.length - 10, all.length);
    java.util.Arrays.sort(last);
    return (last[4] + last[5]) / 2;
  }
}

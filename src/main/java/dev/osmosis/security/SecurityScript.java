package dev.osmosis.security;

import dev.osmosis.security.ScriptLexer.Kind;
import dev.osmosis.security.ScriptLexer.Token;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies a security store script or a system authentication store script (docs/SECURITY.md
 * "Administration") to a {@link SecurityStore} snapshot, atomically: the result is the new snapshot
 * with every command applied, or a {@link ScriptError} naming the first refused command's line and
 * column, and nothing changed. Each command is validated as it is applied (an undefined role, an
 * include cycle), so an error names the line that caused it. Passwords are hashed here and never
 * appear in an error or in {@link #masked(String)}. Stateless; thread safe.
 */
public final class SecurityScript {
  /** What a password becomes in {@link #masked}. */
  public static final String MASK = "\"********\"";

  /**
   * Who runs an authentication store script and how passwords are handled.
   *
   * @param principal the caller's principal ({@code null}: anonymous), checked against a
   *     principal's locking principal
   * @param hash makes the stored hash of a new password
   * @param passwords verifies {@code verify password}
   */
  public record Editor(String principal, UnaryOperator<String> hash, PasswordCheck passwords) {
    public Editor {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(passwords, "passwords");
    }
  }

  private record Parsed(ScriptCommand command, List<Object> args, List<Token> argTokens) {}

  private SecurityScript() {}

  /** Applies a security store script (roles, permissions, default roles, isolated paths). */
  public static SecurityStore updateSecurityStore(SecurityStore base, String script) {
    return apply(base, script, false, null);
  }

  /** Applies a system authentication store script (principals, anonymous, trusted properties). */
  public static SecurityStore updateAuthenticationStore(
      SecurityStore base, String script, Editor editor) {
    return apply(base, script, true, Objects.requireNonNull(editor, "editor"));
  }

  /**
   * The script with every password argument replaced by {@value #MASK}; a line that does not parse
   * is replaced by a marker ({@code <unparsed line N>}), so nothing unparsed is ever kept.
   */
  public static String masked(String script) {
    List<String> out = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripCr(lines[i]);
      try {
        List<Token> tokens = ScriptLexer.tokens(line, i + 1);
        if (tokens.isEmpty()) {
          out.add(line);
          continue;
        }
        Parsed parsed = parse(tokens, i + 1, null);
        StringBuilder masked = new StringBuilder(line);
        List<String> args = arguments(parsed.command());
        for (int a = args.size() - 1; a >= 0; a--) {
          if (args.get(a).equals("$W")) {
            Token t = parsed.argTokens().get(a);
            masked.replace(t.start(), t.end(), MASK);
          }
        }
        out.add(masked.toString());
      } catch (ScriptError e) {
        out.add("<unparsed line " + (i + 1) + ">");
      }
    }
    return String.join("\n", out);
  }

  private static SecurityStore apply(
      SecurityStore base, String script, boolean authentication, Editor editor) {
    Objects.requireNonNull(script, "script");
    StoreDraft draft = new StoreDraft(base);
    SecurityStore result = base;
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      List<Token> tokens = ScriptLexer.tokens(stripCr(lines[i]), lineNumber);
      if (tokens.isEmpty()) {
        continue;
      }
      Parsed parsed = parse(tokens, lineNumber, authentication);
      int column = tokens.get(0).column();
      try {
        execute(draft, parsed, editor, lineNumber, column);
        result = draft.build();
      } catch (IllegalArgumentException e) {
        throw new ScriptError(lineNumber, column, e.getMessage());
      }
    }
    return result;
  }

  /**
   * The command a line's tokens form, with its arguments. {@code authentication} null: either
   * language.
   */
  private static Parsed parse(List<Token> tokens, int line, Boolean authentication) {
    List<ScriptCommand> candidates = new ArrayList<>();
    List<ScriptCommand> otherStore = new ArrayList<>();
    for (ScriptCommand command : ScriptCommand.values()) {
      if (keywordsMatch(command.keywords(), tokens)) {
        if (authentication == null || command.authentication == authentication) {
          candidates.add(command);
        } else {
          otherStore.add(command);
        }
      }
    }
    if (candidates.isEmpty()) {
      if (!otherStore.isEmpty()) {
        throw new ScriptError(
            line,
            tokens.get(0).column(),
            String.join(" ", otherStore.get(0).keywords())
                + " is a command of the "
                + (authentication ? "security store" : "system authentication store")
                + ", not of this one");
      }
      throw unknownCommand(tokens, line, authentication);
    }
    ScriptError furthest = null;
    int furthestAt = -1;
    for (ScriptCommand command : candidates) {
      int[] at = {0};
      try {
        return parseArguments(command, tokens, line, at);
      } catch (ScriptError e) {
        if (at[0] > furthestAt) {
          furthest = e;
          furthestAt = at[0];
        }
      }
    }
    throw furthest;
  }

  private static boolean keywordsMatch(List<String> keywords, List<Token> tokens) {
    if (tokens.size() < keywords.size()) {
      return false;
    }
    for (int i = 0; i < keywords.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.WORD || !t.text().equals(keywords.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The error for a line no command's keywords match: at the first word no command expects. */
  private static ScriptError unknownCommand(List<Token> tokens, int line, Boolean authentication) {
    int matched = 0;
    Set<String> expected = new LinkedHashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Set<String> next = new LinkedHashSet<>();
      for (ScriptCommand command : ScriptCommand.values()) {
        if ((authentication == null || command.authentication == authentication)
            && command.keywords().size() > i
            && keywordsMatch(command.keywords().subList(0, i), tokens)) {
          next.add(command.keywords().get(i));
        }
      }
      Token t = tokens.get(i);
      if (next.isEmpty() || t.kind() != Kind.WORD || !next.contains(t.text())) {
        matched = i;
        expected = next;
        break;
      }
      matched = i + 1;
    }
    Token t = tokens.get(Math.min(matched, tokens.size() - 1));
    if (matched == 0) {
      return new ScriptError(line, t.column(), "unknown command " + shown(t));
    }
    return new ScriptError(
        line,
        t.column(),
        "unexpected " + shown(t) + ", expected one of: " + String.join(", ", expected));
  }

  private static Parsed parseArguments(
      ScriptCommand command, List<Token> tokens, int line, int[] at) {
    List<Object> args = new ArrayList<>();
    List<Token> argTokens = new ArrayList<>();
    int end = tokens.get(tokens.size() - 1).end(); // the column after the last token, 0-based
    int i = 0;
    for (String element : command.pattern) {
      at[0] = i;
      if (i >= tokens.size()) {
        throw new ScriptError(
            line, end + 1, "incomplete command: " + describe(element) + " missing");
      }
      Token t = tokens.get(i);
      switch (element) {
        case "$S", "$W" -> {
          if (t.kind() != Kind.STRING) {
            throw new ScriptError(line, t.column(), "expected a quoted string");
          }
          args.add(t.text());
          argTokens.add(t);
          i++;
        }
        case "$L", "$G", "$P" -> {
          argTokens.add(t);
          List<Token> items = new ArrayList<>();
          i = list(tokens, i, line, element.equals("$L") ? Kind.STRING : Kind.WORD, items);
          args.add(
              switch (element) {
                case "$L" -> strings(items);
                case "$G" -> permissions(items, GlobalPermission.class, line);
                default -> permissions(items, PathPermission.class, line);
              });
        }
        default -> {
          if (t.kind() != Kind.WORD || !t.text().equals(element)) {
            throw new ScriptError(
                line, t.column(), "unexpected " + shown(t) + ", expected " + element);
          }
          i++;
        }
      }
    }
    at[0] = i;
    if (i < tokens.size()) {
      Token t = tokens.get(i);
      throw new ScriptError(line, t.column(), "unexpected " + shown(t) + " after the command");
    }
    return new Parsed(command, args, argTokens);
  }

  /**
   * Reads {@code [ item (, item)* ]} or {@code []} from index {@code i}; returns the next index.
   */
  private static int list(List<Token> tokens, int i, int line, Kind itemKind, List<Token> items) {
    Token open = tokens.get(i);
    if (open.kind() != Kind.OPEN) {
      throw new ScriptError(line, open.column(), "expected a list [...]");
    }
    i++;
    boolean first = true;
    while (true) {
      if (i >= tokens.size()) {
        throw new ScriptError(line, open.column(), "unterminated list");
      }
      Token t = tokens.get(i);
      if (t.kind() == Kind.CLOSE && first) {
        return i + 1;
      }
      if (!first) {
        if (t.kind() == Kind.CLOSE) {
          return i + 1;
        }
        if (t.kind() != Kind.COMMA) {
          throw new ScriptError(line, t.column(), "expected , or ] in a list");
        }
        i++;
        if (i >= tokens.size()) {
          throw new ScriptError(line, open.column(), "unterminated list");
        }
        t = tokens.get(i);
      }
      if (t.kind() != itemKind) {
        throw new ScriptError(
            line,
            t.column(),
            itemKind == Kind.STRING
                ? "expected a quoted string in the list"
                : "expected a permission name in the list");
      }
      items.add(t);
      i++;
      first = false;
    }
  }

  private static List<String> strings(List<Token> items) {
    List<String> values = new ArrayList<>();
    for (Token t : items) {
      values.add(t.text());
    }
    return values;
  }

  private static <E extends Enum<E>> Set<E> permissions(
      List<Token> items, Class<E> type, int line) {
    Set<E> values = EnumSet.noneOf(type);
    for (Token t : items) {
      try {
        values.add(Enum.valueOf(type, t.text()));
      } catch (IllegalArgumentException unknown) {
        String reason = "unknown permission " + t.text();
        if (type == GlobalPermission.class && isPathPermission(t.text())) {
          reason = t.text() + " is a path permission, not a global one";
        } else if (type == PathPermission.class && isGlobalPermission(t.text())) {
          reason = t.text() + " is a global permission, not a path one";
        }
        throw new ScriptError(line, t.column(), reason);
      }
    }
    return values;
  }

  private static boolean isPathPermission(String name) {
    return EnumSet.allOf(PathPermission.class).stream().anyMatch(p -> p.name().equals(name));
  }

  private static boolean isGlobalPermission(String name) {
    return EnumSet.allOf(GlobalPermission.class).stream().anyMatch(p -> p.name().equals(name));
  }

  private static List<String> arguments(ScriptCommand command) {
    return command.pattern.stream().filter(e -> e.startsWith("$")).toList();
  }

  private static String describe(String element) {
    return switch (element) {
      case "$S" -> "a quoted string";
      case "$W" -> "a quoted password";
      case "$L" -> "a list of quoted strings";
      case "$G", "$P" -> "a list of permissions";
      default -> "keyword " + element;
    };
  }

  /** A token as an error shows it: words as written, never a string's contents. */
  private static String shown(Token t) {
    return switch (t.kind()) {
      case WORD -> t.text();
      case STRING -> "a quoted string";
      default -> t.text();
    };
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static void execute(
      StoreDraft draft, Parsed parsed, Editor editor, int line, int column) {
    List<Object> a = parsed.args();
    switch (parsed.command()) {
      case ADD_PRINCIPAL, ADD_LOCKED_PRINCIPAL -> {
        String name = (String) a.get(0);
        if (draft.principals.containsKey(name)) {
          throw new IllegalArgumentException("principal " + name + " already exists");
        }
        String locking = a.size() > 3 ? (String) a.get(3) : null;
        draft.principals.put(
            name,
            new StoredPrincipal(
                name, editor.hash().apply((String) a.get(1)), roles(a.get(2)), locking));
      }
      case REMOVE_PRINCIPAL -> {
        StoredPrincipal p = unlocked(draft, (String) a.get(0), editor, line, column);
        draft.principals.remove(p.name());
      }
      case ASSIGN_ROLES -> {
        StoredPrincipal p = unlocked(draft, (String) a.get(0), editor, line, column);
        draft.principals.put(
            p.name(),
            new StoredPrincipal(p.name(), p.passwordHash(), roles(a.get(1)), p.lockingPrincipal()));
      }
      case SET_PASSWORD -> {
        StoredPrincipal p = unlocked(draft, (String) a.get(0), editor, line, column);
        draft.principals.put(
            p.name(),
            new StoredPrincipal(
                p.name(), editor.hash().apply((String) a.get(1)), p.roles(), p.lockingPrincipal()));
      }
      case VERIFY_PASSWORD -> {
        StoredPrincipal p = existing(draft, (String) a.get(0));
        if (!editor.passwords().matches((String) a.get(1), p.passwordHash())) {
          throw new IllegalArgumentException(
              "the password of principal " + p.name() + " does not match");
        }
      }
      case ALLOW_ANONYMOUS ->
          draft.anonymous = new AnonymousPolicy(AnonymousPolicy.Action.ALLOW, roles(a.get(0)));
      case DENY_ANONYMOUS -> draft.anonymous = AnonymousPolicy.DENIED;
      case ABSTAIN_ANONYMOUS ->
          draft.anonymous = new AnonymousPolicy(AnonymousPolicy.Action.ABSTAIN, Set.of());
      case TRUST_MATCHES -> {
        String regex = (String) a.get(1);
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "invalid regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
        draft.trusted.put((String) a.get(0), PropertyValidation.matches(regex));
      }
      case TRUST_VALUES ->
          draft.trusted.put((String) a.get(0), PropertyValidation.values(strings(a.get(1))));
      case IGNORE_PROPERTY -> draft.trusted.remove((String) a.get(0));
      case ANONYMOUS_DEFAULTS -> draft.anonymousDefaults = roles(a.get(0));
      case NAMED_DEFAULTS -> draft.namedDefaults = roles(a.get(0));
      case GLOBAL_PERMISSIONS -> draft.role((String) a.get(0)).global = cast(a.get(1));
      case DEFAULT_PATH_PERMISSIONS -> draft.role((String) a.get(0)).defaultPath = cast(a.get(1));
      case PATH_PERMISSIONS ->
          draft.role((String) a.get(0)).paths.put(path((String) a.get(1)), cast(a.get(2)));
      case REMOVE_PATH_PERMISSIONS -> {
        StoreDraft.RoleDraft role = draft.roles.get((String) a.get(0));
        if (role != null) {
          role.paths.remove(Role.normalise((String) a.get(1)));
        }
      }
      case ROLE_INCLUDES ->
          draft.role((String) a.get(0)).includes = new LinkedHashSet<>(roles(a.get(1)));
      case ISOLATE_PATH -> draft.isolated.add(path((String) a.get(0)));
      case DEISOLATE_PATH -> draft.isolated.remove(Role.normalise((String) a.get(0)));
      case REMOVE_ROLE -> draft.removeRole((String) a.get(0));
    }
  }

  private static StoredPrincipal existing(StoreDraft draft, String name) {
    StoredPrincipal p = draft.principals.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no principal " + name);
    }
    return p;
  }

  /** The principal, if the editor may change it (its locking principal, if any, is the editor). */
  private static StoredPrincipal unlocked(
      StoreDraft draft, String name, Editor editor, int line, int column) {
    StoredPrincipal p = existing(draft, name);
    String locking = p.lockingPrincipal();
    if (locking != null && !locking.equals(editor.principal())) {
      throw new ScriptError(
          line,
          column,
          "principal " + name + " is locked by principal " + locking + ": only it may change it",
          true);
    }
    return p;
  }

  private static String path(String path) {
    String normalised = Role.normalise(path);
    if (normalised.isEmpty() || normalised.contains("//")) {
      throw new IllegalArgumentException(
          "'" + path + "' is not a path (not empty, no empty segment; the root is the default)");
    }
    return normalised;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return (List<String>) list;
  }

  private static Set<String> roles(Object list) {
    return Set.copyOf(strings(list));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Enum<E>> Set<E> cast(Object set) {
    return (Set<E>) set;
  }
}

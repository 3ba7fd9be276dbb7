package dev.cortado.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server's ACL users (sorted by name, as Redis's radix tree lists them) and its ACL log,
 * newest entry first. Touched only on the server's loop.
 */
public final class Acl {
  public final TreeMap<String, User> users = new TreeMap<>();
  public final User defaultUser;
  public final Deque<LogEntry> log = new ArrayDeque<>();

  /** One ACL LOG entry; repeated denials bump its count. */
  public static final class LogEntry {
    public long count = 1;
    public final String reason;
    public final String context;
    public final byte[] object;
    public final String username;
    public long createdAt;
    public String clientInfo;

    public LogEntry(String reason, String context, byte[] object, String username, long createdAt,
        String clientInfo) {
      this.reason = reason;
      this.context = context;
      this.object = object;
      this.username = username;
      this.createdAt = createdAt;
      this.clientInfo = clientInfo;
    }
  }

  /** The default user: every command, key and channel; requirepass, if given, as its password. */
  public Acl(String requirePass) {
    defaultUser = new User("default", true);
    Selector root = defaultUser.root();
    root.setAll(true);
    root.allKeys = true;
    defaultUser.enabled = true;
    setDefaultPassword(requirePass);
    users.put(defaultUser.name, defaultUser);
  }

  /** requirepass as Redis applies it to the default user: resetpass, then the password or nopass. */
  public void setDefaultPassword(String password) {
    defaultUser.passwords.clear();
    defaultUser.nopass = false;
    if (password == null || password.isEmpty()) {
      defaultUser.nopass = true;
    } else {
      defaultUser.passwords.add(User.hash(
          password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
  }

  /** The user a connection is authenticated as; the default user if it is gone. */
  public User user(String name) {
    if (name.equals("default")) {
      return defaultUser;
    }
    User u = users.get(name);
    return u == null ? defaultUser : u;
  }

  /**
   * Redis's ACLKillPubsubClientsIfNeeded: when ACL SETUSER takes channels away from a user, its
   * subscribers with a channel or pattern the new rules no longer allow are to be disconnected.
   * Patterns are compared literally, channels as globs against the new channel patterns.
   */
  public List<Connection> subscribersLosingChannels(Iterable<Connection> clients, User updated,
      User original) {
    List<byte[]> upcoming = new ArrayList<>();
    for (Selector s : updated.selectors) {
      if (s.allChannels) {
        return List.of();
      }
      upcoming.addAll(s.channels);
    }
    boolean kept = true;
    for (Selector s : original.selectors) {
      for (byte[] c : s.channels) {
        kept &= upcoming.stream().anyMatch(u -> java.util.Arrays.equals(u, c));
      }
    }
    List<Connection> victims = new ArrayList<>();
    if (kept) {
      return victims;
    }
    for (Connection c : clients) {
      if (!c.user.equals(original.name) || !c.isSubscriber()) {
        continue;
      }
      boolean kill = false;
      for (PubSub.Name p : c.subscriptions(PubSub.Kind.PATTERN)) {
        kill |= upcoming.stream().noneMatch(u -> java.util.Arrays.equals(u, p.bytes()));
      }
      for (PubSub.Kind kind : List.of(PubSub.Kind.CHANNEL, PubSub.Kind.SHARD)) {
        for (PubSub.Name n : c.subscriptions(kind)) {
          kill |= upcoming.stream().noneMatch(
              u -> dev.cortado.keyspace.Glob.matches(u, n.bytes()));
        }
      }
      if (kill) {
        victims.add(c);
      }
    }
    return victims;
  }

  /** Whether a connection must authenticate before running commands (Redis's authRequired). */
  public boolean authRequired() {
    return !defaultUser.nopass || !defaultUser.enabled;
  }

  /**
   * One ACL user as Redis 7.0 keeps it: flags, SHA-256 password hashes and selectors, the first of
   * which is the root selector (the rules given outside parentheses). The command layer applies and
   * describes the rules; this is only the data, copied whole so ACL SETUSER is all or nothing.
   */
  public static final class User {
    public final String name;
    public boolean enabled;
    public boolean nopass;
    /** Neither, "sanitize-payload" or "skip-sanitize-payload": 0, 1 or 2. */
    public int sanitize;
    /** Hex SHA-256 hashes, in the order added. */
    public final List<String> passwords = new ArrayList<>();
    /** The root selector first, then those given in parentheses. */
    public final List<Selector> selectors = new ArrayList<>();

    public User(String name, boolean allChannels) {
      this.name = name;
      selectors.add(new Selector(true, allChannels));
    }

    public Selector root() {
      return selectors.get(0);
    }

    /** A copy with another name: ACL SETUSER stages its rules on one. */
    public User copy(String newName) {
      User u = new User(newName, false);
      u.copyFrom(this);
      return u;
    }

    public void copyFrom(User other) {
      enabled = other.enabled;
      nopass = other.nopass;
      sanitize = other.sanitize;
      passwords.clear();
      passwords.addAll(other.passwords);
      selectors.clear();
      for (Selector s : other.selectors) {
        selectors.add(s.copy());
      }
    }

    /** Whether nothing is checked for this user: one selector allowing every command, key, channel. */
    public boolean unrestricted() {
      if (selectors.size() != 1) {
        return false;
      }
      Selector s = selectors.get(0);
      return s.allCommands && s.allKeys && s.allChannels;
    }

    /** Whether the password opens this user (Redis's ACLCheckUserCredentials, once found). */
    public boolean accepts(byte[] password) {
      if (!enabled) {
        return false;
      }
      if (nopass) {
        return true;
      }
      byte[] hashed = hash(password).getBytes(StandardCharsets.US_ASCII);
      boolean ok = false;
      for (String p : passwords) {
        // Compared in constant time, as Redis does.
        ok |= MessageDigest.isEqual(hashed, p.getBytes(StandardCharsets.US_ASCII));
      }
      return ok;
    }

    /** The lower-case hex SHA-256 of a password, as ACL GETUSER shows it. */
    public static String hash(byte[] password) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e); // every JVM has SHA-256
      }
    }
  }

  /**
   * What one ACL selector allows: commands as a base ("+@all" or "-@all", which also decides future
   * commands) and the command names that differ from it, first arguments allowed for otherwise denied
   * commands, key patterns with their read/write permissions and channel patterns.
   */
  public static final class Selector {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int ALL = READ | WRITE;

    public final boolean root;
    public boolean allKeys;
    public boolean allChannels;
    /** Redis's ALLCOMMANDS flag: set by +@all, cleared as soon as any command is denied. */
    public boolean allCommands;
    /** Redis's reserved "future commands" bit: set by +@all, cleared by -@all, never otherwise. */
    public boolean base;
    /** Full command names ("get", "client|list") whose permission is not {@link #base}. */
    public final Set<String> flipped = new HashSet<>();
    /** First arguments allowed for an otherwise denied command, by command name, in order added. */
    public final Map<String, List<String>> firstArgs = new LinkedHashMap<>();
    public final List<KeyPattern> patterns = new ArrayList<>();
    public final List<byte[]> channels = new ArrayList<>();

    /** A key pattern and the permissions (READ, WRITE or both) it gives. */
    public static final class KeyPattern {
      public final byte[] pattern;
      public int flags;

      public KeyPattern(byte[] pattern, int flags) {
        this.pattern = pattern;
        this.flags = flags;
      }
    }

    public Selector(boolean root, boolean allChannels) {
      this.root = root;
      this.allChannels = allChannels;
    }

    public Selector copy() {
      Selector s = new Selector(root, allChannels);
      s.allKeys = allKeys;
      s.allCommands = allCommands;
      s.base = base;
      s.flipped.addAll(flipped);
      firstArgs.forEach((k, v) -> s.firstArgs.put(k, new ArrayList<>(v)));
      for (KeyPattern p : patterns) {
        s.patterns.add(new KeyPattern(p.pattern, p.flags));
      }
      s.channels.addAll(channels);
      return s;
    }

    /** Whether the command's own bit is set (ALLCOMMANDS and first arguments aside). */
    public boolean allows(String command) {
      return base != flipped.contains(command);
    }

    /** Sets one command's bit; clearing one clears ALLCOMMANDS, as Redis does. */
    public void set(String command, boolean allowed) {
      if (allowed == base) {
        flipped.remove(command);
      } else {
        flipped.add(command);
      }
      if (!allowed) {
        allCommands = false;
      }
    }

    /** +@all (true) or -@all (false). */
    public void setAll(boolean allowed) {
      base = allowed;
      allCommands = allowed;
      flipped.clear();
      firstArgs.clear();
    }
  }
}

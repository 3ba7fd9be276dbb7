package dev.cortado.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeMap;

/**
 * The server's ACL users (sorted by name, as Redis's radix tree lists them) and its ACL log,
 * newest entry first. Touched only on the server's loop.
 */
public final class Acl {
  public final TreeMap<String, AclUser> users = new TreeMap<>();
  public final AclUser defaultUser;
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
    defaultUser = new AclUser("default", true);
    AclSelector root = defaultUser.root();
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
      defaultUser.passwords.add(AclUser.hash(
          password.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
  }

  /** The user a connection is authenticated as; the default user if it is gone. */
  public AclUser user(String name) {
    if (name.equals("default")) {
      return defaultUser;
    }
    AclUser u = users.get(name);
    return u == null ? defaultUser : u;
  }

  /** Whether a connection must authenticate before running commands (Redis's authRequired). */
  public boolean authRequired() {
    return !defaultUser.nopass || !defaultUser.enabled;
  }
}

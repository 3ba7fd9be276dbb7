package dev.cortado.command;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * SENTINEL MONITOR's address check, as Redis's anetResolve makes it: an IP literal (IPv4 in any
 * form inet_aton reads: "127.1", "0x7f.0.0.1", octal parts), or, with resolve-hostnames yes, a
 * name the resolver knows. No DNS lookup unless hostnames are allowed.
 */
final class SentinelAddress {
  private SentinelAddress() {}

  /** The address as an IP, or null: Redis's "Invalid IP address or hostname specified". */
  static String resolve(String host, boolean resolveHostnames) {
    String v4 = ipv4(host);
    if (v4 != null) {
      return v4;
    }
    if (looksLikeIpv6(host)) {
      try {
        InetAddress.getByName(host);
        return host; // kept as written (Redis prints inet_ntop's form, the same for usual ones)
      } catch (UnknownHostException e) {
        return null;
      }
    }
    if (!resolveHostnames || host.isEmpty()) {
      return null;
    }
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** Hex digits, colons and dots only, with a colon: parsed as a literal, never looked up. */
  private static boolean looksLikeIpv6(String s) {
    if (s.indexOf(':') < 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.digit(ch, 16) < 0 && ch != ':' && ch != '.') {
        return false;
      }
    }
    return true;
  }

  /** inet_aton: one to four parts, each decimal, octal (0...) or hex (0x...); the last fills. */
  static String ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = part(parts[i]);
      if (values[i] < 0) {
        return null;
      }
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return null;
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    if (last >= 1L << (8 * (4 - (parts.length - 1)))) {
      return null;
    }
    address |= last;
    return (address >>> 24) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
        + (address & 255);
  }

  private static long part(String p) {
    if (p.isEmpty()) {
      return -1;
    }
    int radix = 10;
    int start = 0;
    if (p.length() > 1 && p.charAt(0) == '0' && (p.charAt(1) == 'x' || p.charAt(1) == 'X')) {
      radix = 16;
      start = 2;
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      start = 1;
    }
    if (start == p.length()) {
      return radix == 16 ? 0 : -1; // "0x" alone reads as 0, as inet_aton takes it
    }
    long value = 0;
    for (int i = start; i < p.length(); i++) {
      int d = Character.digit(p.charAt(i), radix);
      if (d < 0 || p.charAt(i) > 'z') {
        return -1;
      }
      value = value * radix + d;
      if (value > 0xffffffffL) {
        return -1;
      }
    }
    return value;
  }
}

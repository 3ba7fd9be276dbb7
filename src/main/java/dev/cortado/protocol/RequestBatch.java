package dev.cortado.protocol;

import java.util.Arrays;

/**
 * The requests decoded from one read, handed on as one pipeline event: each event costs a trip
 * through Netty's pipeline, which per request was about 7% of pipelined time. Holds commands
 * ({@code byte[][]}) and, last, at most one {@link ProtocolError}.
 */
public final class RequestBatch {
  private Object[] items = new Object[16];
  private int size;

  void add(Object request) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = request;
  }

  public int size() {
    return size;
  }

  public Object get(int index) {
    return items[index];
  }
}

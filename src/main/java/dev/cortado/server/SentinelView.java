package dev.cortado.server;

/** A Sentinel's own place in its group: the shared state and which Sentinel it is. */
public final class SentinelView {
  public final SentinelGroup group;
  public final SentinelGroup.Member myself;

  SentinelView(SentinelGroup group, SentinelGroup.Member myself) {
    this.group = group;
    this.myself = myself;
  }
}

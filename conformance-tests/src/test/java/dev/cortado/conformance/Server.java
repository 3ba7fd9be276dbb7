package dev.cortado.conformance;

/** A server the harness can talk to: the real Redis (the oracle) or the subject under test. */
interface Server extends AutoCloseable {
    /** Shown in failure messages, e.g. "redis" or "cortado". */
    String name();

    String host();

    int port();

    @Override
    void close();
}

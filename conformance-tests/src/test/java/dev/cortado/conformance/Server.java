package dev.cortado.conformance;

import dev.cortado.CortadoServer;

/** A server the harness can talk to: the real Redis (the oracle) or the subject under test. */
interface Server extends AutoCloseable {
    /** Shown in failure messages, e.g. "redis" or "cortado". */
    String name();

    String host();

    int port();

    @Override
    void close();

    /** A Cortado in this JVM, stopped by {@link #close()}. */
    static Server of(String name, CortadoServer server) {
        return new Server() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String host() {
                return server.host();
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }
}

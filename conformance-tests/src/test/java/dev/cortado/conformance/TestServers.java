package dev.cortado.conformance;

import dev.cortado.CortadoServer;

/**
 * Public access to the harness's servers for test packages below this one (the workload
 * scenarios), which cannot see the package-private {@link Server}, {@link Servers} and
 * {@link RealRedis}.
 */
public final class TestServers {
    private TestServers() {}

    /** A server a scenario talks to; closing a shared one does nothing. */
    public interface Endpoint extends AutoCloseable {
        /** "redis" or "cortado" (or what {@code conformance.subject} names), for test names and messages. */
        String name();

        String host();

        int port();

        /** Stops a dedicated server; a no-op for the shared ones. */
        @Override
        void close();
    }

    /** The shared real redis-server (skips, or fails on CI, without one on PATH). */
    public static Endpoint reference() {
        return shared(Servers.reference());
    }

    /** The shared server under test, as chosen by {@code conformance.subject}. */
    public static Endpoint subject() {
        return shared(Servers.subject());
    }

    /** A real redis-server of the caller's own, e.g. one a test stops mid-way. */
    public static Endpoint startReference(String name) {
        return owned(RealRedis.start(name));
    }

    /**
     * A subject of the caller's own: a new Cortado, or a new redis-server when the harness
     * checks itself ({@code -Dconformance.subject=redis}). A running external subject cannot be
     * duplicated, so it is refused.
     */
    public static Endpoint startSubject(String name) {
        String kind = System.getProperty("conformance.subject", "cortado").trim();
        if (kind.equals("redis")) {
            return owned(RealRedis.start(name));
        }
        if (!kind.isEmpty() && !kind.equals("cortado")) {
            throw new IllegalStateException("cannot start a dedicated " + kind);
        }
        return owned(Server.of(name, CortadoServer.builder().port(0).build().start()));
    }

    private static Endpoint shared(Server s) {
        return new Delegate(s, false);
    }

    private static Endpoint owned(Server s) {
        return new Delegate(s, true);
    }

    private record Delegate(Server server, boolean owned) implements Endpoint {
        @Override
        public String name() {
            return server.name();
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
            if (owned) {
                server.close();
            }
        }
    }
}

package dev.cortado.conformance.workloads;

import dev.cortado.conformance.TestServers;
import dev.cortado.conformance.TestServers.Endpoint;
import java.util.stream.Stream;

/**
 * One side of a workload run: the real redis-server or the server under test. Resolved lazily, so
 * that a missing redis-server skips (or, on CI, fails) inside the test rather than in discovery.
 */
record Target(String role) {

    /** The argument source of every scenario: the same test against both servers. */
    static Stream<Target> both() {
        return Stream.of(new Target("redis"), new Target("cortado"));
    }

    /** The suite's shared server of this kind. */
    Endpoint shared() {
        return isRedis() ? TestServers.reference() : TestServers.subject();
    }

    /** A server of this kind for one test alone: for a test that stops it. */
    Endpoint dedicated(String name) {
        return isRedis() ? TestServers.startReference(name) : TestServers.startSubject(name);
    }

    boolean isRedis() {
        return role.equals("redis");
    }

    @Override
    public String toString() {
        return role;
    }
}

package dev.cortado.conformance.workloads;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Report generation tasks: a task runs at most once at a time ({@code report-task:<id>}, SET NX EX)
 * and each user has at most one active task ({@code report-user:<user>:active-task}). Both keys
 * expire, so a crashed worker cannot block a user for longer than the timeout.
 */
interface TaskTracker {

    /** Claims the task for the user; false when the task already runs or the user has another one. */
    boolean start(String user, String taskId, Duration timeout);

    Optional<String> activeTask(String user);

    void finish(String user, String taskId);

    static String taskKey(String taskId) {
        return "report-task:" + taskId;
    }

    static String userKey(String user) {
        return "report-user:" + user + ":active-task";
    }

    final class OnRedis implements TaskTracker {
        private final StringRedisTemplate redis;

        OnRedis(StringRedisTemplate redis) {
            this.redis = redis;
        }

        @Override
        public boolean start(String user, String taskId, Duration timeout) {
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(userKey(user), taskId, timeout))) {
                return false;
            }
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(taskKey(taskId), user, timeout))) {
                redis.delete(userKey(user)); // ours: set just above; give the user their slot back
                return false;
            }
            return true;
        }

        @Override
        public Optional<String> activeTask(String user) {
            return Optional.ofNullable(redis.opsForValue().get(userKey(user)));
        }

        @Override
        public void finish(String user, String taskId) {
            redis.delete(List.of(taskKey(taskId), userKey(user)));
        }
    }

    /** For a developer's machine without Redis: same rules, no expiry. */
    final class InMemory implements TaskTracker {
        private final Map<String, String> keys = new ConcurrentHashMap<>();

        @Override
        public synchronized boolean start(String user, String taskId, Duration timeout) {
            if (keys.containsKey(userKey(user)) || keys.containsKey(taskKey(taskId))) {
                return false;
            }
            keys.put(userKey(user), taskId);
            keys.put(taskKey(taskId), user);
            return true;
        }

        @Override
        public Optional<String> activeTask(String user) {
            return Optional.ofNullable(keys.get(userKey(user)));
        }

        @Override
        public synchronized void finish(String user, String taskId) {
            keys.remove(taskKey(taskId));
            keys.remove(userKey(user), Objects.requireNonNull(taskId));
        }
    }
}

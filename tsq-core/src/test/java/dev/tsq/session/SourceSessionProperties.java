package dev.tsq.session;

import static dev.tsq.session.SourceSessionTest.MS;
import static dev.tsq.session.SourceSessionTest.SERVER_AHEAD;
import static dev.tsq.session.SourceSessionTest.T0;
import static dev.tsq.session.SourceSessionTest.wall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.testing.PropertyRunner;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A session driven through random event sequences by a small simulated network (loss, delay, duplicates,
 * reordering, connection failures and losses, streams that never answer), checking what must hold whatever
 * happens: every query ends exactly once, within its deadline, with a correct sample or a classified failure,
 * and nothing is left behind.
 */
class SourceSessionProperties {
    private static final long TIMEOUT = 1_000 * MS;
    private static final long RETRY = 200 * MS;

    private record Ev(long at, long seq, Runnable run) {
    }

    private static final class Sim {
        final SplittableRandom r;
        final SourceSession s;
        final SourceSessionTest.Server server = new SourceSessionTest.Server();
        final PriorityQueue<Ev> events = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at - T0, b.at - T0)
                : Long.compare(a.seq, b.seq));
        final double loss;
        final double streamSilence;
        final double connectFail;
        final int datagramMax;
        long now = T0;
        long seq;
        long timerGeneration;
        final Map<Long, Long> started = new HashMap<>();
        final Map<Long, Long> ended = new HashMap<>();
        final Set<Long> closedStreams = new HashSet<>();
        final Set<Long> streamAttempts = new HashSet<>();
        int demotions;
        int disconnects;
        /** The connection's generation: a dropped connection's answers never reach the session. */
        long connection;
        int delivered;
        int unmatched;

        final boolean faults;

        Sim(SplittableRandom r, SessionMode mode, boolean faults) {
            this.r = r;
            this.faults = faults;
            this.loss = !faults || r.nextDouble() < 0.3 ? 0 : r.nextDouble() * 0.9;
            this.streamSilence = faults ? r.nextDouble() * 0.3 : 0;
            this.connectFail = faults ? r.nextDouble() * 0.3 : 0;
            this.datagramMax = mode == SessionMode.DATAGRAM && !faults || r.nextBoolean() ? 1200 : 0;
            SecureRandomSeed seed = new SecureRandomSeed(r.nextLong());
            this.s = new SourceSession("sim:1", new SessionConfig(mode, TIMEOUT, 1 + r.nextInt(4), RETRY,
                    1 + r.nextInt(3)), ClientExchange.builder().random(seed.random()).build());
        }

        void at(long t, Runnable run) {
            events.add(new Ev(t, seq++, run));
        }

        long delay() {
            long d = (long) (MS * (1 + 100 * -Math.log(1 - r.nextDouble())));
            return faults ? d : Math.min(d, RETRY / 2 - MS); // clean: every answer beats the retry interval
        }

        void apply(List<SessionAction> actions) {
            for (SessionAction a : actions) {
                if (a instanceof SessionAction.ArmTimer t) {
                    assertTrue(t.at() - now >= 0, "timer armed in the past: " + t);
                    long gen = ++timerGeneration;
                    at(t.at(), () -> {
                        if (gen == timerGeneration) {
                            apply(s.onTimer(now));
                        }
                    });
                } else if (a instanceof SessionAction.CancelTimer) {
                    ++timerGeneration;
                } else if (a instanceof SessionAction.Connect) {
                    long d = delay();
                    at(now + d, () -> {
                        if (r.nextDouble() < connectFail) {
                            apply(s.onConnectFailed(QueryFailure.of(FailureKind.UNREACHABLE,
                                    QueryFailure.Reason.CONNECT_FAILED, "refused"), now));
                        } else {
                            apply(s.onConnected(datagramMax, now));
                        }
                    });
                } else if (a instanceof SessionAction.SendDatagram d) {
                    assertTrue(started.containsKey(d.queryId()) && !ended.containsKey(d.queryId()), "send for a live query");
                    s.onSent(d.attemptId(), wall(now));
                    long gen = connection;
                    int copies = r.nextDouble() < loss ? 0 : faults && r.nextDouble() < 0.1 ? 2 : 1;
                    for (int i = 0; i < copies; i++) {
                        long there = now + delay();
                        long back = there + delay();
                        at(there, () -> {
                            byte[] resp = server.answer(d.request(), now, TransportMode.DATAGRAM);
                            at(back, () -> {
                                if (gen == connection) {
                                    apply(s.onDatagram(resp, 0, resp.length, wall(now), now));
                                }
                            });
                        });
                    }
                } else if (a instanceof SessionAction.SendOnStream d) {
                    assertTrue(started.containsKey(d.queryId()) && !ended.containsKey(d.queryId()), "send for a live query");
                    streamAttempts.add(d.attemptId());
                    s.onSent(d.attemptId(), wall(now));
                    long gen = connection;
                    if (r.nextDouble() < streamSilence) {
                        continue;
                    }
                    long there = now + delay();
                    long back = there + delay();
                    at(there, () -> {
                        byte[] resp = server.answer(d.request(), now, TransportMode.STREAM);
                        int cut = 1 + r.nextInt(resp.length);
                        at(back, () -> {
                            if (gen == connection && !closedStreams.contains(d.attemptId())) {
                                apply(s.onStreamData(d.attemptId(), resp, 0, cut, wall(now), now));
                            }
                            if (gen == connection && !closedStreams.contains(d.attemptId())) {
                                apply(s.onStreamData(d.attemptId(), resp, 0, resp.length, wall(now), now));
                            }
                        });
                    });
                } else if (a instanceof SessionAction.CloseStream c) {
                    assertTrue(streamAttempts.contains(c.attemptId()), "close of a stream that was opened");
                    assertTrue(closedStreams.add(c.attemptId()), "closed once: " + c);
                } else if (a instanceof SessionAction.Deliver d) {
                    end(d.queryId());
                    delivered++;
                    long err = Math.abs(d.sample().offsetNanos() - SERVER_AHEAD);
                    assertTrue(err <= d.sample().delayNanos() / 2 + 2, "offset within half the delay: " + d.sample());
                } else if (a instanceof SessionAction.Fail f) {
                    end(f.queryId());
                    assertNotNull(f.failure().detail());
                } else if (a instanceof SessionAction.Demoted) {
                    demotions++;
                } else if (a instanceof SessionAction.Disconnect) {
                    disconnects++;
                    connection++;
                    assertEquals(SourceSession.State.IDLE, s.state(), "a dropped connection leaves the session idle");
                    assertEquals(0, s.attemptsInFlight(), "nothing awaited on a dropped connection");
                } else if (a instanceof SessionAction.Unmatched) {
                    unmatched++;
                }
            }
        }

        void end(long id) {
            assertTrue(started.containsKey(id), "end of a query that was started: " + id);
            assertFalse(ended.containsKey(id), "query ended twice: " + id);
            ended.put(id, now);
        }

        void run(int queries) {
            for (long q = 1; q <= queries; q++) {
                long id = q;
                at(T0 + (long) (r.nextDouble() * 20_000 * MS), () -> {
                    started.put(id, now);
                    apply(s.startQuery(id, now));
                });
            }
            int losses = faults ? r.nextInt(3) : 0;
            for (int i = 0; i < losses; i++) {
                at(T0 + (long) (r.nextDouble() * 20_000 * MS), () -> apply(s.onConnectionLost("lost", now)));
            }
            int steps = 0;
            while (!events.isEmpty()) {
                Ev e = events.poll();
                assertTrue(e.at - now >= 0, "time runs forward");
                now = e.at;
                e.run.run();
                assertTrue(++steps < 100_000, "bounded");
            }
        }
    }

    /** A seeded SecureRandom (for nonces) from the try's generator. */
    private record SecureRandomSeed(long seed) {
        java.security.SecureRandom random() {
            java.security.SecureRandom s = new java.security.SecureRandom();
            s.setSeed(seed);
            return s;
        }
    }

    @Test
    void everyQueryEndsOnceInTimeAndNothingIsLeftBehind() {
        int[] totals = new int[4];
        PropertyRunner.forAll("session invariants", 0x5E55L, 60, r -> {
            SessionMode mode = SessionMode.values()[r.nextInt(3)];
            Sim sim = new Sim(r, mode, true);
            int n = 5 + r.nextInt(20);
            sim.run(n);
            assertEquals(n, sim.ended.size(), "every query ended");
            for (Map.Entry<Long, Long> e : sim.ended.entrySet()) {
                long took = e.getValue() - sim.started.get(e.getKey());
                // waiting for the connection (one connect delay) plus the query's own deadline
                assertTrue(took <= TIMEOUT + 5_000 * MS, "query " + e.getKey() + " took " + took / MS + " ms");
            }
            assertEquals(0, sim.s.queriesInFlight());
            assertEquals(0, sim.s.attemptsInFlight());
            assertEquals(Long.MIN_VALUE, sim.s.timerAt(), "no timer left armed");
            assertTrue(sim.demotions <= 1 + sim.disconnects, "demoted at most once per connection dropped for silence");
            if (sim.s.demoted()) {
                assertTrue(sim.demotions >= 1, "demoted only by a Demoted action");
            }
            if (mode != SessionMode.AUTO) {
                assertEquals(0, sim.demotions);
            }
            totals[0] += sim.delivered;
            totals[1] += n - sim.delivered;
            totals[2] += sim.unmatched;
            totals[3] += sim.disconnects;
        });
        // the generator must exercise both outcomes, late or duplicate datagrams and connections dropped for silence
        assertTrue(totals[0] > 100 && totals[1] > 50 && totals[2] > 10 && totals[3] > 5, Arrays.toString(totals));
    }

    @Test
    void aLossFreePathAnswersEveryQuery() {
        PropertyRunner.forAll("no loss, no failure", 0xF00DL, 20, r -> {
            SessionMode mode = SessionMode.values()[r.nextInt(3)];
            Sim s2 = new Sim(r, mode, false);
            int n = 10;
            s2.run(n);
            assertEquals(n, s2.delivered, "all answered in " + mode + " (datagrams " + s2.datagramMax + ")");
            assertEquals(0, s2.disconnects, "an answering server is never dropped");
        });
    }
}

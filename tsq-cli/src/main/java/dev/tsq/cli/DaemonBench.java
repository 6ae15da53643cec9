package dev.tsq.cli;

import dev.tsq.daemon.ConfigParser;
import dev.tsq.daemon.Daemon;
import dev.tsq.daemon.DaemonStatus;
import dev.tsq.daemon.SdNotify;
import dev.tsq.server.TsqServer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code tsq bench --daemon SECONDS [--out DIR] [--poll N]}: the daemon in {@code virtual} mode (+100 ms / +50 ppm
 * injected) against three local TSQ servers for the given time; prints the tracking error (RMS and max of
 * {@code virtual_minus_system_ns}) and the frequency error over the run after the first synchronisation, and
 * writes {@code tsq-daemon-bench.csv} and {@code tsq-daemon-bench.png} (offset and error bound over time).
 */
final class DaemonBench {
    private record Point(double t, boolean synced, long offset, long bound, double ppm) {}

    private DaemonBench() {
    }

    static int run(PrintWriter out, PrintWriter err, List<String> args) throws Exception {
        double seconds = 0;
        Path dir = Path.of(".");
        int poll = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--daemon" -> { seconds = Double.parseDouble(req(a, v)); i++; }
                case "--out" -> { dir = Path.of(req(a, v)); i++; }
                case "--poll" -> { poll = Integer.parseInt(req(a, v)); i++; }
                default -> throw new IllegalArgumentException("bench --daemon: " + a
                        + " (expected: --daemon SECONDS [--out DIR] [--poll LOG2S])");
            }
        }
        if (!(seconds >= 5 && seconds <= 86_400)) {
            throw new IllegalArgumentException("--daemon: " + seconds + " (expected: 5-86400 seconds)");
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory("tsq-daemon-bench-");
        List<TsqServer> servers = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        try {
            StringBuilder toml = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                TsqServer s = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build()
                        .start();
                servers.add(s);
                toml.append("[[source]]\naddress = \"127.0.0.1:").append(s.port())
                        .append("\"\ntrust = \"insecure\"\nmode = \"datagram\"\n\n");
            }
            toml.append("[synchronization]\nminimum-agreeing-sources = 2\npoll-interval-limits = { min = ")
                    .append(poll).append(", max = ").append(poll).append(" }\nstartup-step-threshold-ms = 10\n\n")
                    .append("[clock]\nmode = \"virtual\"\nvirtual-offset-ms = 100\nvirtual-frequency-ppm = 50\n\n")
                    .append("[observability]\nstatus-socket = \"").append(work.resolve("status.sock")).append("\"\n");
            Path file = work.resolve("tsq.toml");
            Files.writeString(file, toml);
            err.printf(Locale.ROOT, "tsq bench --daemon: %.0f s, virtual clock +100 ms / +50 ppm, 3 loopback servers,"
                    + " poll 2^%d s%n", seconds, poll);
            err.flush();
            try (Daemon d = Daemon.start(ConfigParser.parse(file), SdNotify.to(null))) {
                long t0 = System.nanoTime();
                long end = t0 + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    DaemonStatus s = d.status();
                    Long c = d.correctionNanos();
                    points.add(new Point((System.nanoTime() - t0) / 1e9, s.engine().synced(), c == null ? 0 : c,
                            s.engine().errorBoundNanos(), s.engine().frequencyPpm()));
                    Thread.sleep(250);
                }
            }
        } finally {
            servers.forEach(TsqServer::close);
            try (var files = Files.list(work)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
        Path csv = dir.resolve("tsq-daemon-bench.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("t_s,synchronized,virtual_minus_system_ns,error_bound_ns,frequency_ppm");
            for (Point p : points) {
                w.printf(Locale.ROOT, "%.3f,%b,%d,%d,%.6f%n", p.t, p.synced, p.offset, p.bound, p.ppm);
            }
        }
        List<Point> synced = new ArrayList<>();
        double firstSync = Double.NaN;
        for (Point p : points) {
            if (p.synced) {
                if (Double.isNaN(firstSync)) {
                    firstSync = p.t;
                }
                synced.add(p);
            }
        }
        if (synced.isEmpty()) {
            err.println("tsq bench --daemon: never synchronised");
            return TsqCli.NO_ANSWER;
        }
        double sq = 0;
        long max = 0;
        double fsq = 0;
        double fmax = 0;
        long outside = 0;
        for (Point p : synced) {
            sq += (double) p.offset * p.offset;
            max = Math.max(max, Math.abs(p.offset));
            double fe = p.ppm + 50;
            fsq += fe * fe;
            fmax = Math.max(fmax, Math.abs(fe));
            if (Math.abs(p.offset) > p.bound) {
                outside++;
            }
        }
        Point last = points.get(points.size() - 1);
        out.printf(Locale.ROOT, "first synchronised after %.2f s; %d samples of the status while synchronised%n",
                firstSync, synced.size());
        out.printf(Locale.ROOT, "virtual_minus_system_ns: RMS %.0f ns, max %d ns, last %d ns%n",
                Math.sqrt(sq / synced.size()), max, last.offset);
        out.printf(Locale.ROOT, "frequency error (frequency_ppm + 50): RMS %.3f ppm, max %.3f ppm, last %.3f ppm%n",
                Math.sqrt(fsq / synced.size()), fmax, last.ppm + 50);
        out.printf(Locale.ROOT, "|virtual - system| above the error bound in %d of %d samples%n", outside,
                synced.size());
        Path png = dir.resolve("tsq-daemon-bench.png");
        plot(points, png);
        out.println("wrote " + csv + " and " + png);
        return TsqCli.OK;
    }

    private static String req(String flag, String v) {
        if (v == null) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return v;
    }

    /** Offset (virtual − system) and ±error bound over time, in ms, after the first synchronisation. */
    static void plot(List<Point> points, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 1000;
        int h = 500;
        int left = 80;
        int right = 20;
        int top = 40;
        int bottom = 50;
        List<Point> ps = points.stream().filter(p -> p.synced).toList();
        double t0 = ps.get(0).t;
        double t1 = Math.max(t0 + 1, ps.get(ps.size() - 1).t);
        double ymax = 0;
        for (Point p : ps) {
            ymax = Math.max(ymax, Math.max(Math.abs(p.offset), Math.min(p.bound, 1e9)) / 1e6);
        }
        ymax = ymax <= 0 ? 1 : ymax * 1.1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.LIGHT_GRAY);
        int zero = top + (h - top - bottom) / 2;
        g.drawLine(left, zero, w - right, zero);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("tsq daemon, virtual clock (+100 ms / +50 ppm injected), 3 loopback servers: virtual - system"
                + " (blue) and ± error bound (red), ms", left, 20);
        g.drawString(String.format(Locale.ROOT, "%+.3f", ymax), 5, top + 5);
        g.drawString(String.format(Locale.ROOT, "%+.3f", -ymax), 5, h - bottom);
        g.drawString("0", 60, zero + 5);
        g.drawString(String.format(Locale.ROOT, "%.0f s", t0), left, h - bottom + 20);
        g.drawString(String.format(Locale.ROOT, "%.0f s", t1), w - right - 40, h - bottom + 20);
        double sx = (w - left - right) / (t1 - t0);
        double sy = (h - top - bottom) / 2.0 / ymax;
        g.setStroke(new BasicStroke(1.2f));
        for (int i = 1; i < ps.size(); i++) {
            Point a = ps.get(i - 1);
            Point b = ps.get(i);
            int xa = left + (int) ((a.t - t0) * sx);
            int xb = left + (int) ((b.t - t0) * sx);
            g.setColor(new Color(200, 40, 40));
            double ba = Math.min(a.bound, 1e9) / 1e6;
            double bb = Math.min(b.bound, 1e9) / 1e6;
            g.drawLine(xa, zero - (int) (ba * sy), xb, zero - (int) (bb * sy));
            g.drawLine(xa, zero + (int) (ba * sy), xb, zero + (int) (bb * sy));
            g.setColor(new Color(30, 60, 200));
            g.drawLine(xa, zero - (int) (a.offset / 1e6 * sy), xb, zero - (int) (b.offset / 1e6 * sy));
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}

package dev.tsq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one table a bench run prints: a row per measurement with its goal and verdict. */
public final class Table {
    /** One line; empty strings for cells that do not apply. */
    public record Row(String what, String p50, String p99, String notes, String goal, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();

    public Table add(String what, String p50, String p99, String notes, String goal, Goals.Verdict verdict) {
        rows.add(new Row(what, p50, p99, notes, goal, verdict == null ? "" : verdict.label()));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table as text: a header line, then one line per row, columns padded to their widest cell. */
    public String render() {
        Row header = new Row("measurement", "p50", "p99", "notes", "goal", "verdict");
        List<Row> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] w = new int[6];
        for (Row r : all) {
            String[] c = cells(r);
            for (int i = 0; i < 6; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : all) {
            String[] c = cells(r);
            // goal and verdict before the notes, which may be long
            String line = String.format(Locale.ROOT, "%-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %-" + w[4]
                    + "s  %-" + w[5] + "s  %s", c[0], c[1], c[2], c[4], c[5], c[3]);
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String[] cells(Row r) {
        return new String[] {r.what(), r.p50(), r.p99(), r.notes(), r.goal(), r.verdict()};
    }

    /** Microseconds with one decimal ("12.3 us"), or "-" for NaN. */
    public static String us(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%.1f us", micros);
    }

    /** Signed microseconds ("+1.2 us"). */
    public static String signedUs(double micros) {
        return Double.isNaN(micros) ? "-" : String.format(Locale.ROOT, "%+.1f us", micros);
    }

    /** A rate with thousands separators ("52,310/s"). */
    public static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
}

package dev.digitrecognizer.deploy.support;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities ("500m", "2", "1536Mi") as numbers. */
public final class Quantities {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.valueOf(1_000L)),
            Map.entry("M", BigDecimal.valueOf(1_000_000L)),
            Map.entry("G", BigDecimal.valueOf(1_000_000_000L)),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)));

    private Quantities() {}

    public static BigDecimal parse(String quantity) {
        String q = quantity.trim();
        for (String suffix : new String[] {"Ki", "Mi", "Gi", "Ti", "m", "k", "M", "G"}) {
            if (q.endsWith(suffix)) {
                return new BigDecimal(q.substring(0, q.length() - suffix.length())).multiply(SUFFIXES.get(suffix));
            }
        }
        return new BigDecimal(q);
    }
}

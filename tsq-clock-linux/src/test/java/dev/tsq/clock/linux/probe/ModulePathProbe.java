package dev.tsq.clock.linux.probe;

import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import dev.tsq.spi.ClockStatus;

/**
 * Run by ServiceLoaderTest in a child JVM with tsq-core, tsq-clock-linux, JNA and slf4j on the module path: checks
 * that the module-info's provides/exports/opens work for real (ServiceLoader, JNA reflection on the structs).
 * Only reads the clock status.
 */
public final class ModulePathProbe {
    private ModulePathProbe() {
    }

    public static void main(String[] args) {
        ClockAdjuster adjuster = ClockAdjusters.discover().orElseThrow(() -> new IllegalStateException("none found"));
        Module module = adjuster.getClass().getModule();
        System.out.println("adjuster=" + adjuster.getClass().getName() + " in module " + module.getName());
        System.out.println("name=" + adjuster.name());
        Module jna = ModuleLayer.boot().findModule("com.sun.jna").orElseThrow();
        System.out.println("internalExported=" + module.isExported("dev.tsq.clock.linux.internal"));
        System.out.println("internalOpenToJna=" + module.isOpen("dev.tsq.clock.linux.internal", jna));
        System.out.println("publicExported=" + module.isExported("dev.tsq.clock.linux"));
        ClockStatus status = adjuster.status();
        System.out.println("tick=" + status.tickMicros());
    }
}

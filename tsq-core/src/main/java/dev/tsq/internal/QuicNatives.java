package dev.tsq.internal;

import dev.tsq.TsqException;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one check that Netty QUIC's native library loads, run first by {@code TsqClient.build()} and
 * {@code TsqServer.start()}. The TSQ libraries depend on the platform-neutral Netty artifacts only, so an application
 * adds the natives of its platforms; when it has not, this check fails with a {@link TsqException} that names the
 * platform and the dependency to add, instead of a raw native-library error deep inside Netty.
 *
 * <p>Core knows no Netty: the caller passes Netty's {@code Quic.class}, {@code Quic::isAvailable} and
 * {@code Quic::unavailabilityCause}. The message is built by the pure {@link #unavailableMessage}.
 */
public final class QuicNatives {
    /** The platforms for which Netty publishes {@code netty-codec-native-quic} natives, as Maven classifiers. */
    public static final List<String> CLASSIFIERS =
            List.of("linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "windows-x86_64");

    private QuicNatives() {
    }

    /**
     * Throws when QUIC's native library is not available here.
     *
     * @param quicClass Netty's {@code io.netty.handler.codec.quic.Quic} (its jar's manifest gives the Netty version)
     * @param available {@code Quic::isAvailable}
     * @param cause     {@code Quic::unavailabilityCause}
     * @throws TsqException naming the platform and the dependency to add
     */
    public static void require(Class<?> quicClass, BooleanSupplier available, Supplier<? extends Throwable> cause) {
        if (available.getAsBoolean()) {
            return;
        }
        Throwable why = cause.get();
        Package nettyPackage = quicClass.getPackage();
        String nettyVersion = nettyPackage == null ? null : nettyPackage.getImplementationVersion();
        String tsqVersion = QuicNatives.class.getPackage().getImplementationVersion();
        throw new TsqException(unavailableMessage(System.getProperty("os.name"), System.getProperty("os.arch"),
                nettyVersion, tsqVersion, why), why);
    }

    /**
     * The Maven classifier of Netty's natives for a platform, e.g. {@code linux-aarch_64} for Linux on
     * {@code aarch64}; for a platform Netty has no natives for, a name in the same style (e.g. {@code freebsd-x86_64}).
     *
     * @param osName the {@code os.name} system property
     * @param osArch the {@code os.arch} system property
     * @return the classifier
     */
    public static String classifier(String osName, String osArch) {
        String os = String.valueOf(osName).toLowerCase(Locale.ROOT).replace(" ", "");
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin") || os.startsWith("osx")) {
            os = "osx";
        } else if (os.startsWith("windows")) {
            os = "windows";
        }
        String arch = String.valueOf(osArch).toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
            case "x86-64":
            case "x64":
                arch = "x86_64";
                break;
            case "aarch64":
            case "arm64":
            case "aarch_64":
                arch = "aarch_64";
                break;
            default:
                break;
        }
        return os + "-" + arch;
    }

    /**
     * The message of the exception {@link #require} throws. A pure function of its arguments.
     *
     * @param osName       the {@code os.name} system property
     * @param osArch       the {@code os.arch} system property
     * @param nettyVersion the Netty version on the class path, or {@code null} when unknown
     * @param tsqVersion   TSQ's version, or {@code null} when unknown (run from classes)
     * @param cause        why Netty could not load its native library, or {@code null}
     * @return the message
     */
    public static String unavailableMessage(String osName, String osArch, String nettyVersion, String tsqVersion,
                                            Throwable cause) {
        String platform = classifier(osName, osArch);
        StringBuilder m = new StringBuilder(320);
        m.append("QUIC is not available on this platform, ").append(platform)
                .append(" (os.name=").append(osName).append(", os.arch=").append(osArch).append("): ");
        if (CLASSIFIERS.contains(platform)) {
            String nv = nettyVersion == null ? "<your Netty 4.2 version>" : nettyVersion;
            String tv = tsqVersion == null ? "<TSQ version>" : tsqVersion;
            m.append("Netty's QUIC native library for ").append(platform).append(" did not load. Add the dependency ")
                    .append("io.netty:netty-codec-native-quic:").append(nv).append(':').append(platform)
                    .append(" (Maven: <classifier>").append(platform).append("</classifier>; Gradle: ")
                    .append("'io.netty:netty-codec-native-quic:").append(nv).append(':').append(platform)
                    .append("'), or dev.tsq:tsq-natives-all:").append(tv)
                    .append(" (type pom) for every platform Netty ships.");
        } else {
            m.append("Netty ships QUIC natives only for ").append(String.join(", ", CLASSIFIERS))
                    .append("; TSQ cannot use QUIC here.");
        }
        if (cause != null) {
            m.append(" Cause: ").append(cause);
        }
        return m.toString();
    }
}

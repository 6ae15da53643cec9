package dev.tsq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.internal.KeyMaterial;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tsq-server declares BouncyCastle optional: KeyMaterial loaded by a class loader that cannot see BouncyCastle reads
 * an X.509 chain and a PKCS#8 key with the JDK alone, and refuses what needs BouncyCastle by naming the dependency.
 */
class KeyMaterialWithoutBouncyCastleTest {
    @TempDir
    Path dir;

    /** The test class path minus every BouncyCastle jar, under the platform loader (so no fallback to them). */
    private static URLClassLoader withoutBouncyCastle() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("bouncycastle") && !entry.contains("bcprov") && !entry.contains("bcpkix")
                    && !entry.contains("bcutil")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static Throwable thrown(Method m, Object... args) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null, args));
        return e.getCause();
    }

    @Test
    void pkcs8KeysAndX509ChainsLoadWithTheJdkAlone() throws Exception {
        KeyMaterial generated = KeyMaterial.selfSigned(List.of()); // with BouncyCastle, in this test's loader
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(chain, pem("CERTIFICATE", generated.chain().get(0).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", generated.key().getEncoded()));
        assertTrue(KeyMaterial.bouncyCastlePresent());

        try (URLClassLoader loader = withoutBouncyCastle()) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider", false, loader));
            Class<?> km = Class.forName(KeyMaterial.class.getName(), true, loader);
            assertEquals(loader, km.getClassLoader(), "KeyMaterial must come from the BouncyCastle-free loader");
            assertFalse((Boolean) km.getMethod("bouncyCastlePresent").invoke(null));

            Object loaded = km.getMethod("fromPem", Path.class, Path.class).invoke(null, chain, key);
            PrivateKey k = (PrivateKey) km.getMethod("key").invoke(loaded);
            assertEquals("EC", k.getAlgorithm());
            assertArrayEquals(generated.key().getEncoded(), k.getEncoded());

            Throwable selfSigned = thrown(km.getMethod("selfSigned", List.class), List.of());
            assertEquals("dev.tsq.TsqException", selfSigned.getClass().getName());
            assertTrue(selfSigned.getMessage().contains("self-signed certificate generation"), selfSigned.getMessage());
            assertTrue(selfSigned.getMessage().contains("org.bouncycastle:bcpkix-jdk18on"), selfSigned.getMessage());

            Path pkcs1 = dir.resolve("rsa.pem");
            Files.writeString(pkcs1, pem("RSA PRIVATE KEY", new byte[] {0x30, 0x00}));
            Throwable traditional = thrown(km.getMethod("readPrivateKey", Path.class), pkcs1);
            assertEquals(IllegalArgumentException.class, traditional.getClass());
            assertTrue(traditional.getMessage().contains("PKCS#1 'RSA PRIVATE KEY' key needs BouncyCastle"),
                    traditional.getMessage());
            assertTrue(traditional.getMessage().contains("org.bouncycastle:bcpkix-jdk18on"), traditional.getMessage());
            assertTrue(traditional.getMessage().contains("openssl pkcs8 -topk8"), traditional.getMessage());
        }
    }
}

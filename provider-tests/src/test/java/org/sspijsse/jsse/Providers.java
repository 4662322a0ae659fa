package org.sspijsse.jsse;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The providers the contract suite runs on: SunJSSE (the oracle) and, once it exists, SspiJsse. */
final class Providers {
    static final String SSPI_CLASS = "org.sspijsse.jsse.SspiJsseProvider";

    private static final List<Provider> ALL = load();

    private Providers() {
    }

    private static List<Provider> load() {
        List<Provider> list = new ArrayList<>();
        list.add(sunJsse());
        sspiJsse().ifPresent(list::add);
        return List.copyOf(list);
    }

    static Provider sunJsse() {
        Provider p = Security.getProvider("SunJSSE");
        if (p == null) {
            throw new IllegalStateException("SunJSSE is not installed");
        }
        return p;
    }

    /** An instance of the SspiJsse provider, made by reflection so this suite compiles without it. */
    static Optional<Provider> sspiJsse() {
        try {
            Class<?> c = Class.forName(SSPI_CLASS);
            return Optional.of((Provider) c.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + SSPI_CLASS, e);
        }
    }

    /** SunJSSE first, then SspiJsse when it is on the class path. */
    static List<Provider> all() {
        return ALL;
    }

    static boolean isOurs(Provider p) {
        return !"SunJSSE".equals(p.getName());
    }
}

package org.haven.web;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One thing the prod profile refuses that only the database can tell (a demo key or account, a force
 * endpoint). Each audience package checks its own rows; {@link ProductionReadiness} runs them all.
 */
public interface ProductionCheck {

    /** What is unsafe, one sentence each that names the setting or row to fix; empty when all is well. */
    Uni<List<String>> problems();
}

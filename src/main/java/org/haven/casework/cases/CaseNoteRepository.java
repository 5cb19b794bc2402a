package org.haven.casework.cases;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CaseNoteRepository implements PanacheRepositoryBase<CaseNote, UUID> {

    /** The note envelopes of several reports, oldest first within each report. */
    public Uni<java.util.Map<UUID, List<String>>> forReports(List<UUID> reportIds) {
        if (reportIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return find("reportId in ?1", Sort.by("writtenHour").and("id"), reportIds).list()
                .map(list -> list.stream().collect(java.util.stream.Collectors.groupingBy(n -> n.reportId,
                        java.util.stream.Collectors.mapping(n -> n.envelope, java.util.stream.Collectors.toList()))));
    }

    public Uni<List<CaseNote>> forReport(UUID reportId) {
        return find("reportId", Sort.by("writtenHour").and("id"), reportId).list();
    }
}

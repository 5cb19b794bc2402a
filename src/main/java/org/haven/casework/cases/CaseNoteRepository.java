package org.haven.casework.cases;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CaseNoteRepository implements PanacheRepositoryBase<CaseNote, UUID> {

    public Uni<List<CaseNote>> forReport(UUID reportId) {
        return find("reportId", Sort.by("writtenHour").and("id"), reportId).list();
    }
}

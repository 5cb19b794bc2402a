package org.haven.intake;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MailboxMessageRepository implements PanacheRepositoryBase<MailboxMessage, UUID> {

    public Uni<List<MailboxMessage>> forReport(UUID reportId) {
        return find("reportId", Sort.by("sentHour").and("id"), reportId).list();
    }
}
